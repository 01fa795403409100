package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bRegistration;
import io.stkpush.daraja.C2bResponseType;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;

class C2bRegistrationTest extends FakeDarajaTest {

    static final String V1 = "/mpesa/c2b/v1/registerurl";
    static final String V2 = "/mpesa/c2b/v2/registerurl";
    static final URI CONFIRM = URI.create("https://billing.example.com/hooks/daraja/c2b/confirmation/tkn");
    static final URI VALIDATE = URI.create("https://billing.example.com/hooks/daraja/c2b/validation/tkn");
    static final String REGISTERED =
            "{\"OriginatorCoversationID\":\"7619-37765134-1\",\"ResponseCode\":\"0\",\"ResponseDescription\":\"success\"}";

    @Test
    void registersOnV1WithDarajasFields() throws Exception {
        daraja.reply(V1, Reply.json(200, REGISTERED));
        C2bRegistration registration = client().register(C2bApiVersion.V1, C2bResponseType.COMPLETED, CONFIRM,
                VALIDATE);

        assertFalse(registration.alreadyRegistered());
        assertEquals("7619-37765134-1", registration.originatorConversationId());
        assertEquals("174379", registration.shortCode());
        assertEquals("success", registration.description());

        JsonNode body = daraja.received(V1).get(0).json();
        List<String> fields = new ArrayList<>();
        body.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("ShortCode", "ResponseType", "ConfirmationURL", "ValidationURL"), fields);
        assertEquals("174379", body.get("ShortCode").asText());
        assertEquals("Completed", body.get("ResponseType").asText());
        assertEquals(CONFIRM.toString(), body.get("ConfirmationURL").asText());
        assertEquals(VALIDATE.toString(), body.get("ValidationURL").asText());
        assertEquals("Bearer tok-1", daraja.received(V1).get(0).header("Authorization"));
    }

    @Test
    void registersOnV2WithRelativeUrlsAndCancelled() throws Exception {
        daraja.reply(V2, Reply.json(200, REGISTERED));
        C2bRegistration registration = client().register(C2bApiVersion.V2, C2bResponseType.CANCELLED,
                URI.create("/hooks/daraja/c2b/confirmation/tkn"), URI.create("hooks/daraja/c2b/validation/tkn"));

        assertEquals(C2bApiVersion.V2, registration.version());
        JsonNode body = daraja.received(V2).get(0).json();
        assertEquals("Cancelled", body.get("ResponseType").asText());
        assertEquals(CONFIRM.toString(), body.get("ConfirmationURL").asText());
        assertEquals(VALIDATE.toString(), body.get("ValidationURL").asText());
    }

    @Test
    void alreadyRegisteredIsReportedNotFailed() throws Exception {
        daraja.reply(V1, Reply.error(500, "500.003.1001", "Urls are already registered."));
        C2bRegistration registration = client().register(C2bApiVersion.V1, C2bResponseType.COMPLETED, CONFIRM,
                VALIDATE);
        assertTrue(registration.alreadyRegistered());
        assertEquals("Urls are already registered.", registration.description());
    }

    @Test
    void noApiProductSuggestsTheOtherVersion() {
        daraja.reply(V1, Reply.error(401, "401.003.01",
                "Error Occurred - Invalid Access Token - Invalid API call as no apiproduct match found"));
        ProviderException e = refusal(() -> client().register(C2bApiVersion.V1, C2bResponseType.COMPLETED, CONFIRM,
                VALIDATE));
        assertEquals(Kind.REJECTED, e.kind());
        assertEquals("401.003.01", e.code());
        assertTrue(e.getMessage().contains("register with v2"), e.getMessage());
        assertEquals(1, daraja.received(V1).size());
    }

    @Test
    void brokerPlatformDuplicateIsRejectedWithWhatToDo() {
        daraja.reply(V2, Reply.error(500, "500.003.1001", "Duplicate notification info"));
        ProviderException e = refusal(() -> client().register(C2bApiVersion.V2, C2bResponseType.COMPLETED, CONFIRM,
                VALIDATE));
        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("older broker platform"), e.getMessage());
    }

    @Test
    void urlWithAWordMpesaRefusesIsRejectedBeforeSending() {
        ProviderException e = refusal(() -> client().register(C2bApiVersion.V1, C2bResponseType.COMPLETED,
                URI.create("https://billing.example.com/mpesa/confirm"), VALIDATE));
        assertEquals(Kind.REJECTED, e.kind());
        assertTrue(e.getMessage().contains("'mpesa'"), e.getMessage());
        assertTrue(daraja.received().isEmpty());
    }
}
