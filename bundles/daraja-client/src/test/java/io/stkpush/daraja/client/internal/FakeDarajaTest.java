package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Kes;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PushId;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.text.OperatorText;
import io.stkpush.testing.MutableClock;

/** A client talking to a {@link FakeDaraja} on a local port, with a hand-moved clock and a sleeper that does not sleep. */
abstract class FakeDarajaTest {

    /** 06:24:08 UTC is 09:24:08 in Nairobi (EAT, UTC+3). */
    static final Instant NOW = Instant.parse("2026-03-01T06:24:08Z");
    static final String NAIROBI_TIMESTAMP = "20260301092408";

    static final PushId PUSH_ID = new PushId(UUID.fromString("7d2c1a8e-5b1f-4c39-9d0e-2f6a4b8c1e55"));
    static final PhoneNumber PHONE = new PhoneNumber("254708374149");
    static final CheckoutRequestId CHECKOUT = new CheckoutRequestId("ws_CO_191220191020363925");
    static final URI CALLBACK = URI.create("https://billing.example.com/hooks/daraja/stk/" + PUSH_ID + "/tkn123");

    static final String ACCEPTED = "{\"MerchantRequestID\":\"2654-4b64-97ff-b827b542881d3130\","
            + "\"CheckoutRequestID\":\"ws_CO_1007202409152617172396192\",\"ResponseCode\":\"0\","
            + "\"ResponseDescription\":\"Success. Request accepted for processing\","
            + "\"CustomerMessage\":\"Success. Request accepted for processing\"}";

    FakeDaraja daraja;
    MutableClock clock;
    RecordingSleeper sleeper;

    @BeforeEach
    void startDaraja() throws Exception {
        daraja = new FakeDaraja();
        clock = new MutableClock(NOW);
        sleeper = new RecordingSleeper(clock);
    }

    @AfterEach
    void stopDaraja() {
        daraja.close();
    }

    DarajaClient client() {
        return client(Map.of());
    }

    DarajaClient client(Map<String, Object> overrides) {
        DarajaSettings settings = DarajaSettings.from(TestConfig.against(daraja.baseUrl(), overrides));
        return new DarajaClient(settings, DarajaClient.httpClient(settings), clock, sleeper);
    }

    static ProviderPushRequest push(long shillings) {
        return new ProviderPushRequest(PUSH_ID, PHONE, Kes.of(shillings), "ACC0042", "Internet", CALLBACK);
    }

    static ProviderException refusal(Executable call) {
        return assertThrows(ProviderException.class, call);
    }

    /** What the operator reads about a push the provider did not take: its reason's words, or the message. */
    static String operatorReads(ProviderException e) {
        return OperatorText.english().reason(e.reason(), e.code(), e.getMessage());
    }

    /** What the operator reads about a push settled with this answer. */
    static String operatorReads(StatusAnswer answer) {
        return OperatorText.english().reason(answer.reason(), answer.resultCode(), answer.providerText());
    }

    static String queryResult(String resultCodeJson, String description) {
        return "{\"ResponseCode\":\"0\",\"ResponseDescription\":\"The service request has been accepted successfully\","
                + "\"MerchantRequestID\":\"22205-34066-1\",\"CheckoutRequestID\":\"" + CHECKOUT.value() + "\","
                + "\"ResultCode\":" + resultCodeJson + ",\"ResultDesc\":\"" + description + "\"}";
    }
}
