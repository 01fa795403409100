package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DarajaSettingsTest {

    private static DarajaSettings settings(Map<String, Object> overrides) {
        return DarajaSettings.from(TestConfig.against("http://localhost:8181/daraja-sim/", overrides));
    }

    private static String problem(Map<String, Object> overrides) {
        return assertThrows(IllegalArgumentException.class, () -> settings(overrides)).getMessage();
    }

    @Test
    void defaults() {
        DarajaSettings settings = DarajaSettings.from(TestConfig.of(Map.of("consumerKey", "k", "consumerSecret", "s",
                "shortCode", "174379", "passkey", "p")));
        assertEquals(DarajaEnvironment.SANDBOX, settings.environment());
        assertEquals("https://sandbox.safaricom.co.ke", settings.baseUrl());
        assertEquals(PaymentMode.PAYBILL, settings.mode());
        assertEquals("174379", settings.partyB());
        assertEquals("Internet", settings.accountReference());
        assertEquals("Internet bill", settings.transactionDesc());
        assertEquals(Duration.ofSeconds(10), settings.connectTimeout());
        assertEquals(Duration.ofSeconds(30), settings.readTimeout());
        assertEquals(5, settings.requestsPerSecond());
        assertEquals(2, settings.busyRetries());
        assertEquals(Duration.ofSeconds(1), settings.busyRetryDelay());
        assertNull(settings.callbackBaseUrl());
    }

    @Test
    void productionUsesDarajasProductionHost() {
        assertEquals("https://api.safaricom.co.ke",
                settings(Map.of("environment", " Production ", "baseUrl", "")).baseUrl());
    }

    @Test
    void customBaseLosesItsTrailingSlash() {
        assertEquals("http://localhost:8181/daraja-sim", settings(Map.of()).baseUrl());
    }

    @Test
    void credentialsAreTrimmedBecauseDarajaRefusesStraySpaces() {
        DarajaSettings settings = settings(Map.of("passkey", " abc \n", "shortCode", " 600984 "));
        assertEquals("abc", settings.passkey().value());
        assertEquals("600984", settings.shortCode());
    }

    @Test
    void badShortCodeIsNamed() {
        assertEquals("io.stkpush.daraja: shortCode must be 5 to 7 digits", problem(Map.of("shortCode", "1743")));
        assertEquals("io.stkpush.daraja: shortCode must be 5 to 7 digits", problem(Map.of("shortCode", "17437A")));
    }

    @Test
    void everyBadKeyIsNamedInOneMessage() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("environment", "staging");
        bad.put("consumerKey", " ");
        bad.put("mode", "wallet");
        bad.put("readTimeout", 0);
        bad.put("requestsPerSecond", 0);
        String message = problem(bad);
        assertTrue(message.startsWith("io.stkpush.daraja: "), message);
        for (String key : new String[] { "environment", "consumerKey", "mode", "readTimeout", "requestsPerSecond" }) {
            assertTrue(message.contains(key), key + " in " + message);
        }
    }

    @Test
    void customNeedsABaseUrl() {
        assertTrue(problem(Map.of("baseUrl", "")).contains("baseUrl must be an http or https URL"));
        assertTrue(problem(Map.of("baseUrl", "ftp://x")).contains("baseUrl"));
        String withPassword = problem(Map.of("baseUrl", "http://sim:Hunter2pw@localhost:8181/daraja-sim"));
        assertTrue(withPassword.contains("baseUrl"), withPassword);
        assertFalse(withPassword.contains("Hunter2pw"), withPassword);
    }

    @Test
    void tillNeedsItsTillNumber() {
        assertEquals("io.stkpush.daraja: partyB must be the till number (5 to 7 digits) when mode is till",
                problem(Map.of("mode", "till")));
        assertEquals("8812345", settings(Map.of("mode", "till", "partyB", "8812345")).partyB());
    }

    @Test
    void callbackBaseMustBeAnAddressMpesaAccepts() {
        assertTrue(problem(Map.of("callbackBaseUrl", "https://mpesa.isp.example.com"))
                .contains("callbackBaseUrl must not contain the word 'mpesa'"));
        assertTrue(problem(Map.of("callbackBaseUrl", "not a url")).contains("callbackBaseUrl"));
        assertEquals(URI.create("https://isp.example.com"),
                settings(Map.of("callbackBaseUrl", "https://isp.example.com")).callbackBaseUrl());
    }

    @Test
    void productionRefusesAPlainHttpCallbackBase() {
        assertEquals("io.stkpush.daraja: callbackBaseUrl must be an https URL when environment is production"
                + " (http is only allowed for custom)",
                problem(Map.of("environment", "production", "callbackBaseUrl", "http://billing.example.com")));
        assertTrue(problem(Map.of("environment", "production", "callbackBaseUrl", "HTTP://billing.example.com:80/"))
                .contains("callbackBaseUrl must be an https URL"));
        assertEquals(URI.create("https://billing.example.com"), settings(Map.of("environment", "production",
                "callbackBaseUrl", "https://billing.example.com")).callbackBaseUrl());
    }

    @Test
    void sandboxRefusesAPlainHttpCallbackBaseToo() {
        // Safaricom's sandbox calls back over the internet just as production does
        assertEquals("io.stkpush.daraja: callbackBaseUrl must be an https URL when environment is sandbox"
                + " (http is only allowed for custom)",
                problem(Map.of("environment", "sandbox", "callbackBaseUrl", "http://billing.example.com")));
    }

    @Test
    void customKeepsPlainHttpForTheSimulatorOnTheSameMachine() {
        assertEquals(URI.create("http://localhost:8181"),
                settings(Map.of("callbackBaseUrl", "http://localhost:8181")).callbackBaseUrl());
    }

    @Test
    void promptTextsMustFitDarajasLimits() {
        assertTrue(problem(Map.of("accountReference", "ThirteenChars")).contains("accountReference must be 1 to 12"));
        assertTrue(problem(Map.of("transactionDesc", "")).contains("transactionDesc must be 1 to 13"));
        assertTrue(problem(Map.of("accountReference", "Acc#1")).contains("accountReference"));
    }

    @Test
    void noSecretEverAppearsInAValidationMessage() {
        String secret = "S3cr3t-Pa55key-9f2";
        // a secret pasted into the wrong fields, plus real secrets next to other mistakes
        Map<String, Object> bad = new HashMap<>();
        bad.put("shortCode", secret);
        bad.put("partyB", secret);
        bad.put("mode", "till");
        bad.put("baseUrl", secret);
        bad.put("callbackBaseUrl", secret);
        bad.put("accountReference", secret);
        bad.put("environment", secret);
        bad.put("consumerSecret", secret);
        bad.put("passkey", secret);
        bad.put("consumerKey", secret);
        String message = problem(bad);
        assertFalse(message.contains(secret), message);
        assertFalse(message.contains("S3cr3t"), message);
    }

    @Test
    void noSecretInToString() {
        String text = settings(Map.of()).toString();
        assertFalse(text.contains(TestConfig.PASSKEY), text);
        assertFalse(text.contains(TestConfig.CONSUMER_SECRET), text);
        assertFalse(text.contains(TestConfig.CONSUMER_KEY), text);
        assertTrue(text.contains("****"));
        StkPassword password = StkPassword.at(java.time.Instant.EPOCH, "174379", new Secret(TestConfig.PASSKEY));
        assertFalse(password.toString().contains(password.password()), "no password in toString");
    }
}
