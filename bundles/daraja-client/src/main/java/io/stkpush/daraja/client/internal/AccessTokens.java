package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;

/**
 * The OAuth access token, shared by every call. Daraja may invalidate the previous token whenever a new one is
 * issued, so callers never fetch their own: one fetch at a time, and the others wait for its result.
 */
final class AccessTokens {

    static final String PATH = "/oauth/v1/generate?grant_type=client_credentials";

    /** Daraja's documented lifetime ({@code expires_in} is 3599), used when the answer has none we can read. */
    private static final long DEFAULT_EXPIRES_IN = 3599;
    private static final Duration EARLY = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);

    /** The token and when to stop using it. */
    record AccessToken(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "AccessToken[****, refreshAt=" + refreshAt + "]";
        }
    }

    private final DarajaSettings settings;
    private final DarajaTransport transport;
    private final Clock clock;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile AccessToken current;

    AccessTokens(DarajaSettings settings, DarajaTransport transport, Clock clock) {
        this.settings = settings;
        this.transport = transport;
        this.clock = clock;
    }

    /** A token that is not due for refresh, fetching one when needed. */
    AccessToken current() throws ProviderException {
        AccessToken token = current;
        if (isFresh(token)) {
            return token;
        }
        fetching.lock();
        try {
            token = current;
            if (isFresh(token)) {
                return token; // fetched by the caller we waited for
            }
            token = fetch();
            current = token;
            return token;
        } finally {
            fetching.unlock();
        }
    }

    /** Daraja refused {@code stale}; forget it unless another caller already replaced it. */
    void invalidate(AccessToken stale) {
        fetching.lock();
        try {
            if (current == stale) {
                current = null;
            }
        } finally {
            fetching.unlock();
        }
    }

    private boolean isFresh(AccessToken token) {
        return token != null && clock.instant().isBefore(token.refreshAt());
    }

    private AccessToken fetch() throws ProviderException {
        String credentials = settings.consumerKey().value() + ":" + settings.consumerSecret().value();
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + PATH))
                .timeout(settings.readTimeout())
                .header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .GET()
                .build();
        Instant askedAt = clock.instant();
        DarajaAnswer answer;
        try {
            answer = transport.send(request);
        } catch (TransportFailure e) {
            LOG.warn("M-Pesa token request failed: {}", e.getMessage());
            // no push can have gone out without a token, so this is never "unknown"
            throw new ProviderException(Kind.BUSY, PushReason.PROVIDER_UNREACHABLE, null,
                    "M-Pesa sign-in: " + e.getMessage(), e);
        }
        String value = answer.isOk() ? answer.text("access_token") : null;
        if (value == null) {
            LOG.warn("M-Pesa refused the token request: {}", answer.describe());
            throw refused(answer);
        }
        long expiresIn = expiresIn(answer.text("expires_in"));
        LOG.debug("New M-Pesa access token, expires in {} s", expiresIn);
        return new AccessToken(value, askedAt.plus(useFor(expiresIn)));
    }

    /** Refresh at 80 % of the lifetime or 5 minutes before expiry, whichever comes first, but not before half of it. */
    static Duration useFor(long expiresInSeconds) {
        Duration lifetime = Duration.ofSeconds(expiresInSeconds);
        Duration eighty = lifetime.multipliedBy(8).dividedBy(10);
        Duration early = lifetime.minus(EARLY);
        Duration use = eighty.compareTo(early) < 0 ? eighty : early;
        Duration half = lifetime.dividedBy(2);
        return use.compareTo(half) < 0 ? half : use;
    }

    private static long expiresIn(String text) {
        if (text == null) {
            return DEFAULT_EXPIRES_IN;
        }
        try {
            long seconds = (long) Double.parseDouble(text); // "3599", 3599 or 3599.0
            return seconds > 0 ? seconds : DEFAULT_EXPIRES_IN;
        } catch (NumberFormatException e) {
            return DEFAULT_EXPIRES_IN;
        }
    }

    private ProviderException refused(DarajaAnswer answer) {
        String environment = settings.environment().label();
        String code = answer.errorCode();
        if (answer.status() >= 500) {
            return new ProviderException(Kind.BUSY, PushReason.PROVIDER_UNREACHABLE, code,
                    "M-Pesa sign-in not answering: " + answer.describe(), null);
        }
        if (answer.isOk()) {
            return new ProviderException(Kind.BUSY, PushReason.PROVIDER_UNREACHABLE, code,
                    "M-Pesa sign-in answered without an access token", null);
        }
        if (code != null && code.startsWith("400.008")) {
            return Refusals.refused(code, "M-Pesa refused the sign-in request (" + answer.error().message()
                    + "): check the environment and base URL in the Daraja configuration.");
        }
        // production answers sandbox keys with HTTP 400 and an empty body
        return Refusals.refused(code, "M-Pesa refused the consumer key and secret: check them in the Daraja"
                + " configuration, and that they belong to the " + environment + " environment.");
    }
}
