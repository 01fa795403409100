package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderConnection;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.provider.SharedTokens;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bRegistration;
import io.stkpush.daraja.C2bResponseType;
import io.stkpush.daraja.C2bUrlRegistration;

/**
 * The Daraja client in plain Java: one configuration, one token cache and one rate limit shared by every call,
 * the token also shared with the other nodes when a {@link SharedTokens} store is given. The OSGi component only
 * builds and replaces it.
 */
final class DarajaClient implements PaymentProvider, C2bUrlRegistration, ProviderConnection {

    static final String NAME = "daraja";

    /** The longest a caller waits for its turn under the rate limit. */
    static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(5);
    /**
     * The longest a status query waits for a turn of its own budget. Refused at once instead, the queries a poller
     * thread takes together got one turn between them (the budget's turns are spaced), so at the month-end peak
     * some were put off until after the operator's window; a wait this short holds only the poller's thread.
     */
    static final Duration QUERY_BUDGET_WAIT = Duration.ofSeconds(1);

    private final DarajaSettings settings;
    private final AccessTokens tokens;
    private final PushSubmission pushes;
    private final StatusQuery queries;
    private final UrlRegistration urls;

    /** A client on its own: the token is this node's alone. */
    DarajaClient(DarajaSettings settings, HttpClient http, Clock clock, Sleeper sleeper) {
        this(settings, http, clock, sleeper, () -> null, TokenSharing.thisNode());
    }

    /**
     * @param sharedTokens the store bound now, or null, asked on every use
     * @param node         this node, in words for the administrator
     */
    DarajaClient(DarajaSettings settings, HttpClient http, Clock clock, Sleeper sleeper,
            Supplier<SharedTokens> sharedTokens, String node) {
        this.settings = settings;
        RateLimit rateLimit = new RateLimit(settings.requestsPerSecond(), RATE_LIMIT_WAIT, clock, sleeper);
        RateLimit queryBudget = new RateLimit(settings.statusQueriesPerSecond(), QUERY_BUDGET_WAIT, clock,
                sleeper);
        DarajaTransport transport = new DarajaTransport(http, rateLimit, queryBudget);
        this.tokens = new AccessTokens(settings, transport, clock,
                new TokenSharing(sharedTokens, account(settings), node, clock));
        DarajaConnection connection = new DarajaConnection(settings, transport, tokens, sleeper);
        this.pushes = new PushSubmission(settings, connection, clock);
        this.queries = new StatusQuery(settings, connection, clock);
        this.urls = new UrlRegistration(settings, connection);
    }

    /**
     * Which Daraja app a shared token belongs to: one token per consumer key and Daraja. The store keeps a hash of
     * it only.
     */
    static String account(DarajaSettings settings) {
        return NAME + " " + settings.baseUrl() + " " + settings.consumerKey().value();
    }

    /** The HTTP client for these settings: HTTP/1.1 (what Daraja's gateway speaks), no redirects. */
    static HttpClient httpClient(DarajaSettings settings) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    DarajaSettings settings() {
        return settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PushAcceptance push(ProviderPushRequest request) throws ProviderException {
        return pushes.submit(request);
    }

    @Override
    public StatusAnswer queryStatus(CheckoutRequestId checkoutRequestId) throws ProviderException {
        return queries.ask(checkoutRequestId);
    }

    @Override
    public C2bRegistration register(C2bApiVersion version, C2bResponseType responseType, URI confirmationUrl,
            URI validationUrl) throws ProviderException {
        return urls.register(version, responseType, confirmationUrl, validationUrl);
    }

    /** A token request now; a token obtained replaces the one in use (Daraja may have invalidated that one). */
    @Override
    public ConnectionCheck testConnection() {
        return tokens.refresh();
    }

    @Override
    public Optional<ConnectionCheck> lastSignIn() {
        return tokens.lastSignIn();
    }
}
