package io.stkpush.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PushId;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.SubscriberId;

import org.junit.jupiter.api.Test;

/** The JSON a page reads, as the bridge's README documents it. */
class EventJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2025-03-10T09:30:02.120Z");

    @Test
    void aStatusChangeCarriesEveryFieldInTheDocumentedOrder() {
        PushId push = PushId.parse("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
        PaymentId payment = PaymentId.parse("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        String json = EventJson.event(new PaymentEvent(Type.PUSH_STATUS_CHANGED, push, new SubscriberId("sub-0001"),
                PushStatus.CONFIRMED, "Payment received and recorded.", "0", new Receipt("SBX1234567"), payment,
                AT));

        assertEquals("{\"type\":\"push_status_changed\",\"pushId\":\"6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b\","
                + "\"subscriberId\":\"sub-0001\",\"status\":\"CONFIRMED\","
                + "\"message\":\"Payment received and recorded.\",\"resultCode\":\"0\",\"receipt\":\"SBX1234567\","
                + "\"paymentId\":\"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\",\"at\":\"2025-03-10T09:30:02.120Z\"}", json);
    }

    @Test
    void everyTypeIsWrittenInLowerSnakeCase() {
        assertEquals(List.of("push_status_changed", "payment_recorded", "unredeemed_payment_recorded",
                "payment_linked", "push_needs_review", "renewal_changed"),
                List.of(Type.values()).stream().map(EventJson::type).toList());
    }

    @Test
    void absentValuesAreNull() throws Exception {
        JsonNode json = JSON.readTree(EventJson.event(new PaymentEvent(Type.UNREDEEMED_PAYMENT_RECORDED, null, null,
                null, null, null, null, null, AT)));

        assertEquals("unredeemed_payment_recorded", json.get("type").asText());
        for (String field : List.of("pushId", "subscriberId", "status", "message", "resultCode", "receipt",
                "paymentId")) {
            assertTrue(json.get(field).isNull(), field);
        }
    }

    @Test
    void wordsAreEscaped() throws Exception {
        String words = "Quote \" backslash \\ newline \n tab \t <script>alert(1)</script> ümlaut \u2028";
        String json = EventJson.event(new PaymentEvent(Type.PUSH_STATUS_CHANGED, PushId.random(),
                new SubscriberId("sub-\"1\""), PushStatus.FAILED, words, "2001", null, null, AT));

        JsonNode parsed = JSON.readTree(json);
        assertEquals(words, parsed.get("message").asText());
        assertEquals("sub-\"1\"", parsed.get("subscriberId").asText());
        assertTrue(!json.contains("\n"), "one line: " + json);
    }

    @Test
    void aHeartbeatIsItsTypeAndTime() {
        assertEquals("{\"type\":\"heartbeat\",\"at\":\"2025-03-10T09:30:02.120Z\"}", EventJson.heartbeat(AT));
    }
}
