package io.stkpush.daraja.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;

import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderConnection;
import io.stkpush.daraja.C2bUrlRegistration;
import io.stkpush.daraja.client.internal.FakeDaraja.Reply;

/**
 * The administrator's "Test Daraja connection" and the last sign-in that health reports, against a Daraja on a
 * local port: a fresh token request each time, the answer in plain words, and never a token or a credential.
 */
class ProviderConnectionTest extends FakeDarajaTest {

    private static final String ACCEPTED_WORDS = "M-Pesa accepted the consumer key and secret \\(answered in \\d+ ms\\)\\.";

    @Test
    void aTestSignsInNowAndSaysSoInPlainWords() {
        DarajaClient client = client();
        assertEquals(Optional.empty(), client.lastSignIn(), "not yet signed in");

        ConnectionCheck check = client.testConnection();

        assertTrue(check.ok());
        assertTrue(check.message().matches(ACCEPTED_WORDS), check.message());
        assertEquals(NOW, check.at());
        assertFalse(check.took().isNegative());
        assertEquals(1, daraja.received(FakeDaraja.TOKEN).size());
        assertEquals(Optional.of(check), client.lastSignIn());
        assertSecretsAbsent(check);
    }

    @Test
    void everyTestAsksAgainAndTheNewTokenReplacesTheOneInUse() throws Exception {
        daraja.reply(FakeDaraja.QUERY, Reply.json(200, queryResult("\"0\"", "ok")));
        DarajaClient client = client();
        client.queryStatus(CHECKOUT);

        client.testConnection();
        client.testConnection();
        client.queryStatus(CHECKOUT);

        assertEquals(3, daraja.received(FakeDaraja.TOKEN).size(), "a test never answers from the cache");
        List<FakeDaraja.Received> queries = daraja.received(FakeDaraja.QUERY);
        assertEquals("Bearer tok-1", queries.get(0).header("Authorization"));
        assertEquals("Bearer tok-3", queries.get(1).header("Authorization"),
                "Daraja may have invalidated the old token when it issued the new one");
    }

    @Test
    void refusedCredentialsAreSaidWithDarajasAnswerAndTheTokenInUseIsKept() throws Exception {
        daraja.reply(FakeDaraja.QUERY, Reply.json(200, queryResult("\"0\"", "ok")));
        DarajaClient client = client();
        client.queryStatus(CHECKOUT);
        // what Daraja (and the simulator) answer a wrong consumer key or secret: HTTP 400 with an empty body
        daraja.reply(FakeDaraja.TOKEN, Reply.text(400, ""));

        ConnectionCheck check = client.testConnection();
        client.queryStatus(CHECKOUT);

        assertFalse(check.ok());
        assertEquals("M-Pesa refused the consumer key and secret: check them in the Daraja configuration, and that"
                + " they belong to the custom environment. M-Pesa answered HTTP 400 without a JSON body.",
                check.message());
        assertEquals(Optional.of(check), client.lastSignIn());
        assertEquals("Bearer tok-1", daraja.received(FakeDaraja.QUERY).get(1).header("Authorization"),
                "a failed test leaves the running client's token as it was");
        assertSecretsAbsent(check);
    }

    @Test
    void darajasErrorWordsAreGivenWhenItSendsThem() {
        daraja.reply(FakeDaraja.TOKEN, Reply.error(400, "400.008.02", "Invalid grant type passed"));

        ConnectionCheck check = client().testConnection();

        assertFalse(check.ok());
        assertTrue(check.message().contains("400.008.02 Invalid grant type passed"), check.message());
        assertTrue(check.message().contains("check the environment and base URL"), check.message());
    }

    @Test
    void aDarajaThatEchoesTheCredentialsHasThemBlankedOut() {
        daraja.reply(FakeDaraja.TOKEN, Reply.error(400, "400.008.01", "Invalid authentication " + basicCredentials()
                + " for " + TestConfig.CONSUMER_KEY + " / " + TestConfig.CONSUMER_SECRET));

        ConnectionCheck check = client().testConnection();

        assertFalse(check.ok());
        assertTrue(check.message().contains("****"), check.message());
        assertSecretsAbsent(check);
    }

    @Test
    void anUnreachableBaseUrlIsSaidWithoutThrowing() throws Exception {
        DarajaClient client = client(Map.of("baseUrl", "http://127.0.0.1:" + closedPort()));

        ConnectionCheck check = client.testConnection();

        assertFalse(check.ok());
        assertEquals("M-Pesa could not be reached (cannot connect): check the network, and the environment and base"
                + " URL in the Daraja configuration.", check.message());
        assertEquals(Optional.of(check), client.lastSignIn());
        assertSecretsAbsent(check);
    }

    @Test
    void aSignInThatTimesOutIsSaidAsUnreachable() {
        daraja.reply(FakeDaraja.TOKEN, Reply.hang());

        ConnectionCheck check = client(Map.of("readTimeout", 1)).testConnection();

        assertFalse(check.ok());
        assertTrue(check.message().startsWith("M-Pesa could not be reached (no answer within the read timeout)"),
                check.message());
        assertTrue(check.took().compareTo(Duration.ofMillis(900)) >= 0, "took " + check.took());
    }

    @Test
    void theLastSignInIsEveryTokenRequestIncludingThoseMadeForPushesAndReadingItCallsNobody() throws Exception {
        DarajaClient client = client();
        daraja.reply(FakeDaraja.PUSH, Reply.json(200, ACCEPTED));
        client.push(push(10));
        ConnectionCheck forThePush = client.lastSignIn().orElseThrow();
        assertTrue(forThePush.ok());
        assertTrue(forThePush.message().matches(ACCEPTED_WORDS), forThePush.message());

        clock.advance(Duration.ofHours(1)); // the token is due for refresh
        daraja.reply(FakeDaraja.TOKEN, Reply.text(503, "<html>Service Unavailable</html>"));
        refusal(() -> client.push(push(10)));
        ConnectionCheck refused = client.lastSignIn().orElseThrow();

        assertFalse(refused.ok());
        assertEquals(NOW.plus(Duration.ofHours(1)), refused.at());
        assertTrue(refused.message().contains("HTTP 503"), refused.message());
        int tokenRequests = daraja.received(FakeDaraja.TOKEN).size();
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.of(refused), client.lastSignIn());
        }
        assertEquals(tokenRequests, daraja.received(FakeDaraja.TOKEN).size(), "reading the last sign-in calls nobody");
    }

    @Test
    void theComponentRegistersTheConnectionBesideTheProviderWithNoConfigurationProperty() {
        List<Object[]> registrations = new ArrayList<>();
        BundleContext context = (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("registerService") && args[0] instanceof String[]) {
                        registrations.add(args);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        DarajaComponent component = new DarajaComponent(context, TestConfig.against(daraja.baseUrl(), Map.of()));

        assertEquals(1, registrations.size(), "one registration, so all three come and go together");
        assertEquals(List.of(PaymentProvider.class.getName(), C2bUrlRegistration.class.getName(),
                ProviderConnection.class.getName()), List.of((String[]) registrations.get(0)[0]));
        assertEquals(component, registrations.get(0)[1]);
        Dictionary<?, ?> properties = (Dictionary<?, ?>) registrations.get(0)[2];
        assertEquals(1, properties.size());
        assertEquals("daraja", properties.get("provider"));
        assertEquals("daraja", component.name());
    }

    @Test
    void aChangeToProductionWithAPlainHttpCallbackIsRefusedAndTheRunningClientKept() {
        DarajaComponent component = new DarajaComponent(TestConfig.against(daraja.baseUrl(), Map.of()));

        component.modified(TestConfig.against(daraja.baseUrl(), Map.of("environment", "production",
                "consumerKey", "ck-new-Qw3", "callbackBaseUrl", "http://billing.example.com")));

        assertTrue(component.testConnection().ok(), "still signed in at the local Daraja, not at Safaricom");
        String basic = daraja.received(FakeDaraja.TOKEN).get(0).header("Authorization").substring(6);
        assertTrue(new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8)
                .startsWith(TestConfig.CONSUMER_KEY + ":"), "with the previous credentials");
    }

    @Test
    void theComponentTestsWithTheClientInUseSoNewCredentialsAreWhatIsTested() {
        DarajaComponent component = new DarajaComponent(TestConfig.against(daraja.baseUrl(), Map.of()));
        assertTrue(component.testConnection().ok());
        assertTrue(component.lastSignIn().isPresent());

        component.modified(TestConfig.against(daraja.baseUrl(), Map.of("consumerKey", "ck-new-Qw3")));

        assertEquals(Optional.empty(), component.lastSignIn(), "the new credentials have not signed in yet");
        ConnectionCheck check = component.testConnection();
        assertTrue(check.ok());
        String basic = daraja.received(FakeDaraja.TOKEN).get(1).header("Authorization").substring(6);
        assertTrue(new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8).startsWith("ck-new-Qw3:"));
    }

    private static String basicCredentials() {
        return Base64.getEncoder().encodeToString(
                (TestConfig.CONSUMER_KEY + ":" + TestConfig.CONSUMER_SECRET).getBytes(StandardCharsets.UTF_8));
    }

    /** Neither the message nor the check's toString holds a credential or a token issued in the test. */
    private void assertSecretsAbsent(ConnectionCheck check) {
        String text = check.message() + " " + check;
        assertNotNull(check.took());
        List<String> secrets = new ArrayList<>(List.of(TestConfig.CONSUMER_KEY, TestConfig.CONSUMER_SECRET,
                basicCredentials()));
        for (int i = 1; i <= daraja.tokensIssued(); i++) {
            secrets.add("tok-" + i);
        }
        for (String secret : secrets) {
            assertFalse(text.contains(secret), "'" + secret + "' appears in: " + text);
        }
    }

    /** A local port nothing listens on: the connection is refused at once. */
    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
