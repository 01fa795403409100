package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.stkpush.api.provider.ProviderException;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bResponseType;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;

/** SLF4J simple logs to System.err at debug for io.stkpush (see simplelogger.properties); this reads those lines. */
class SecretsInLogsTest extends FakeDarajaTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureLog() {
        originalErr = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreLog() {
        System.setErr(originalErr);
    }

    private String log() {
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusedConfigurationIsLoggedByKeyWithoutItsSecrets() {
        Map<String, Object> bad = new HashMap<>();
        bad.put("shortCode", TestConfig.PASSKEY); // the passkey pasted into the wrong field
        bad.put("transactionDesc", "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DarajaComponent(TestConfig.against(daraja.baseUrl(), bad)));

        String log = log();
        assertTrue(log.contains("io.stkpush.daraja: shortCode must be 5 to 7 digits"), log);
        assertTrue(log.contains("transactionDesc"), log);
        assertSecretsAbsent(log + e.getMessage());
    }

    @Test
    void aDayOfCallsLogsNoSecretTokenPasswordOrFullPhoneNumber() throws Exception {
        DarajaComponent component = new DarajaComponent(TestConfig.against(daraja.baseUrl(), Map.of()));
        daraja.reply(FakeDaraja.PUSH, Reply.error(404, "404.001.03", "Invalid Access Token"),
                Reply.json(200, ACCEPTED),
                Reply.error(500, "500.001.1001", "[MerchantValidate] - Wrong credentials"),
                Reply.error(400, "400.002.02", "Bad Request - Invalid PhoneNumber"),
                Reply.text(502, "<html>Bad Gateway</html>"));
        component.push(push(10));
        for (int i = 0; i < 3; i++) {
            assertThrows(ProviderException.class, () -> component.push(push(10)));
        }
        daraja.reply(FakeDaraja.QUERY, Reply.json(200, queryResult("\"9876\"", "new")));
        component.queryStatus(CHECKOUT);
        daraja.reply("/mpesa/c2b/v2/registerurl", Reply.json(200, "{\"ResponseCode\":\"0\"}"));
        component.register(C2bApiVersion.V2, C2bResponseType.COMPLETED, URI.create("/c2b/confirm"),
                URI.create("/c2b/validate"));
        component.testConnection();

        String log = log();
        assertTrue(log.contains("M-Pesa sign-in test: M-Pesa accepted the consumer key and secret"), log);
        assertTrue(log.contains("Daraja client ready"), log);
        assertTrue(log.contains("accepted"), log);
        assertTrue(log.contains("2547****4149"), "phones are logged masked: " + log);
        assertSecretsAbsent(log);
        assertEquals(3, daraja.tokensIssued(), "the run did use and replace tokens");
    }

    @Test
    void theServiceCarriesNoConfigurationProperty() {
        assertEquals(Map.of("provider", "daraja"), Map.copyOf(toMap(DarajaComponent.serviceProperties())));
    }

    private static Map<String, Object> toMap(java.util.Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new HashMap<>();
        for (java.util.Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, dictionary.get(key));
        }
        return map;
    }

    private void assertSecretsAbsent(String text) {
        String basic = Base64.getEncoder().encodeToString(
                (TestConfig.CONSUMER_KEY + ":" + TestConfig.CONSUMER_SECRET).getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of(TestConfig.CONSUMER_KEY, TestConfig.CONSUMER_SECRET, TestConfig.PASSKEY,
                TestConfig.PASSKEY.substring(0, 16), basic, "tok-1", "tok-2", "254708374149")) {
            assertFalse(text.contains(secret), "'" + secret + "' appears in: " + text);
        }
        for (FakeDaraja.Received request : daraja.received()) {
            if (!request.body().isEmpty() && request.json().has("Password")) {
                String password = request.json().get("Password").asText();
                assertFalse(text.contains(password), "an STK password appears in: " + text);
            }
        }
    }
}
