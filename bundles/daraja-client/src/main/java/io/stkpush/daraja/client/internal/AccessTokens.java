package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;

/**
 * The OAuth access token, shared by every call. Daraja may invalidate the previous token whenever a new one is
 * issued, so callers never fetch their own: one fetch at a time, and the others wait for its result. Every fetch,
 * whoever made it, is kept as the last sign-in (a {@link ConnectionCheck}) for the administrator.
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
    private volatile ConnectionCheck lastSignIn;

    /** One token request: the token, or why there is none, and how it went in words. */
    private record Attempt(AccessToken token, ProviderException failure, ConnectionCheck check) {
    }

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

    /**
     * Asks for a new token now, under the same lock as {@link #current()}, and uses it from now on if one came; a
     * failed request leaves the token in use as it was. Never throws.
     */
    ConnectionCheck refresh() {
        fetching.lock();
        try {
            Attempt attempt = attempt();
            if (attempt.token() != null) {
                current = attempt.token();
            }
            return attempt.check();
        } finally {
            fetching.unlock();
        }
    }

    /** How the last token request went, whoever made it; empty before the first. */
    Optional<ConnectionCheck> lastSignIn() {
        return Optional.ofNullable(lastSignIn);
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
        Attempt attempt = attempt();
        if (attempt.failure() != null) {
            throw attempt.failure();
        }
        return attempt.token();
    }

    /** Sends one token request and keeps how it went as the last sign-in; the caller holds {@link #fetching}. */
    private Attempt attempt() {
        Instant askedAt = clock.instant();
        long started = System.nanoTime();
        Attempt attempt;
        try {
            attempt = answered(transport.send(request()), askedAt, started);
        } catch (TransportFailure e) {
            LOG.warn("M-Pesa token request failed: {}", e.getMessage());
            // no push can have gone out without a token, so this is never "unknown"
            attempt = failed(new ProviderException(Kind.BUSY, PushReason.PROVIDER_UNREACHABLE, null,
                    "M-Pesa sign-in: " + e.getMessage(), e), askedAt, started,
                    "M-Pesa could not be reached (" + e.getMessage() + "): check the network, and the environment"
                            + " and base URL in the Daraja configuration.");
        } catch (ProviderException e) {
            attempt = failed(e, askedAt, started, "M-Pesa was not asked: " + e.getMessage());
        } catch (RuntimeException e) {
            // a fault of our own, not an answer: still no token, so nothing can have been sent
            LOG.warn("M-Pesa token request could not be made", e);
            String what = e.getClass().getSimpleName();
            attempt = failed(new ProviderException(Kind.BUSY, PushReason.PROVIDER_UNREACHABLE, null,
                    "M-Pesa sign-in could not be made (" + what + ")", e), askedAt, started,
                    "The sign-in request to M-Pesa could not be made (" + what + "); the log has the details.");
        }
        lastSignIn = attempt.check();
        return attempt;
    }

    private HttpRequest request() {
        String credentials = settings.consumerKey().value() + ":" + settings.consumerSecret().value();
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + PATH))
                .timeout(settings.readTimeout())
                .header("Authorization", "Basic " + basic(credentials))
                .header("Accept", "application/json")
                .GET()
                .build();
    }

    private Attempt answered(DarajaAnswer answer, Instant askedAt, long started) {
        String value = answer.isOk() ? answer.text("access_token") : null;
        if (value == null) {
            LOG.warn("M-Pesa refused the token request: {}", answer.describe());
            ProviderException refusal = refused(answer);
            String said = answer.describe();
            String words = refusal.getMessage().contains(said) ? refusal.getMessage()
                    : refusal.getMessage() + " M-Pesa answered " + said + ".";
            return failed(refusal, askedAt, started, words);
        }
        long expiresIn = expiresIn(answer.text("expires_in"));
        LOG.debug("New M-Pesa access token, expires in {} s", expiresIn);
        Duration took = since(started);
        return new Attempt(new AccessToken(value, askedAt.plus(useFor(expiresIn))), null,
                new ConnectionCheck(true, askedAt, took, "M-Pesa accepted the consumer key and secret (answered in "
                        + took.toMillis() + " ms)."));
    }

    private Attempt failed(ProviderException failure, Instant askedAt, long started, String words) {
        return new Attempt(null, failure, new ConnectionCheck(false, askedAt, since(started), withoutSecrets(words)));
    }

    /**
     * Daraja's words are passed on as data; should an answer ever echo the credentials, they are blanked here, so
     * the administrator's page and the health endpoint cannot show them.
     */
    private String withoutSecrets(String words) {
        String key = settings.consumerKey().value();
        String secret = settings.consumerSecret().value();
        String clean = words;
        for (String credential : new String[] {basic(key + ":" + secret), key, secret}) {
            if (credential.length() >= 4) {
                clean = clean.replace(credential, "****");
            }
        }
        return clean;
    }

    private static String basic(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /** Elapsed time on the monotonic clock: the wall clock may be moved by hand (tests) or by NTP. */
    private static Duration since(long startedNanos) {
        return Duration.ofNanos(Math.max(0, System.nanoTime() - startedNanos));
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
