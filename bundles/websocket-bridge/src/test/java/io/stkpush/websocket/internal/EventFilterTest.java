package io.stkpush.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PushId;
import io.stkpush.api.SubscriberId;

import org.junit.jupiter.api.Test;

/** {@code ?pushId=} and {@code ?subscriberId=} on the WebSocket URL. */
class EventFilterTest {

    private static final PushId PUSH = PushId.parse("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");

    @Test
    void withoutParametersAPageListensToEverything() {
        assertEquals(EventFilter.EVERYTHING, EventFilter.of(Map.of("ticket", List.of("abc"))));
        assertEquals(EventFilter.EVERYTHING, EventFilter.of(Map.of("pushId", List.of(" "))));
    }

    @Test
    void aPageNarrowsToOnePushOrOneSubscriber() {
        assertEquals(new EventFilter(PUSH, null), EventFilter.of(Map.of("pushId", List.of(PUSH.toString()))));
        assertEquals(new EventFilter(null, new SubscriberId("sub-0001")),
                EventFilter.of(Map.of("subscriberId", List.of(" sub-0001 "))));
    }

    @Test
    void nonsenseIsRefusedInWords() {
        assertEquals("'pushId' must be the id of a payment request.", assertThrows(IllegalArgumentException.class,
                () -> EventFilter.of(Map.of("pushId", List.of("42")))).getMessage());
        assertEquals("'subscriberId' may be given once.", assertThrows(IllegalArgumentException.class,
                () -> EventFilter.of(Map.of("subscriberId", List.of("a", "b")))).getMessage());
    }

    @Test
    void aPaymentWithoutAPushMatchesOnlyBySubscriber() {
        PaymentEvent paybill = new PaymentEvent(Type.PAYMENT_RECORDED, null, new SubscriberId("sub-0001"), null, null,
                null, null, PaymentId.random(), Instant.EPOCH);

        assertTrue(EventFilter.EVERYTHING.matches(paybill));
        assertTrue(new EventFilter(null, new SubscriberId("sub-0001")).matches(paybill));
        assertFalse(new EventFilter(PUSH, null).matches(paybill));
        assertFalse(new EventFilter(PUSH, new SubscriberId("sub-0001")).matches(paybill));
    }
}
