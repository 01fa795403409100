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
import io.stkpush.api.provider.SharedToken;

/**
 * The OAuth access token, shared by every call. Daraja may invalidate the previous token whenever a new one is
 * issued, so callers never fetch their own: one fetch at a time, and the others wait for its result. Every fetch,
 * whoever made it, is kept as the last sign-in (a {@link ConnectionCheck}) for the administrator.
 *
 * <p>Across nodes the same holds through {@link TokenSharing} (the ledger's database), when it is there: a node
 * without a fresh token first adopts the stored one, and only renews it when it is stale or was refused. Renewing
 * goes through the store one node at a time, so a node that waited for another takes the token that one stored
 * instead of asking again. Each refusal costs at most one token request per node, so nodes never invalidate each
 * other in a loop; should the store fail, the node signs in on its own as a single node does.
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
    private final TokenSharing sharing;
    private final ReentrantLock fetching = new ReentrantLock();
    private volatile AccessToken current;
    private volatile ConnectionCheck lastSignIn;

    /** One token request: the token, or why there is none, and how it went in words. */
    private record Attempt(AccessToken token, ProviderException failure, ConnectionCheck check) {
    }

    AccessTokens(DarajaSettings settings, DarajaTransport transport, Clock clock, TokenSharing sharing) {
        this.settings = settings;
        this.transport = transport;
        this.clock = clock;
        this.sharing = sharing;
    }

    /** A token that is not due for refresh: this node's, else the shared one, else a new one. */
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
            return renew(null);
        } finally {
            fetching.unlock();
        }
    }

    /**
     * Daraja refused {@code refused}: the token to retry with. Another caller's replacement if there is one, else a
     * different fresh token another node stored, else a new one; at most one token request.
     */
    AccessToken replacing(AccessToken refused) throws ProviderException {
        fetching.lock();
        try {
            AccessToken token = current;
            if (isFresh(token) && !token.value().equals(refused.value())) {
                return token; // another caller here already replaced it
            }
            return renew(refused);
        } finally {
            fetching.unlock();
        }
    }

    /**
     * Asks for a new token now, under the same lock as {@link #current()}, and uses it from now on if one came (the
     * one another node stored a moment before, if so); a failed request leaves the token in use as it was. Never
     * throws.
     */
    ConnectionCheck refresh() {
        fetching.lock();
        try {
            Attempt[] made = new Attempt[1];
            try {
                AccessToken token = renewed(sharing.read().map(SharedToken::value).orElse(null), made);
                if (made[0] == null) {
                    return lastSignIn; // another node signed in just now: that is the answer (set by adopt)
                }
                current = token;
            } catch (ProviderException e) {
                // said in the check
            }
            return made[0].check();
        } finally {
            fetching.unlock();
        }
    }

    /** The caller holds {@link #fetching}: the stored token when it can be used, else a renewed one. */
    private AccessToken renew(AccessToken refused) throws ProviderException {
        Optional<SharedToken> stored = sharing.read();
        if (stored.isPresent() && usable(stored.get(), refused)) {
            return adopt(stored.get());
        }
        AccessToken token = renewed(stored.map(SharedToken::value).orElse(null), new Attempt[1]);
        current = token;
        return token;
    }

    private boolean usable(SharedToken stored, AccessToken refused) {
        return stored.isFreshAt(clock.instant()) && (refused == null || !stored.value().equals(refused.value()));
    }

    /**
     * A new token in place of {@code expected}, the stored value (null: none). Through the store, one node at a
     * time: the token another node renewed meanwhile, or one asked for now. Without the store (or when it fails), one
     * asked for now by this node alone. Never more than one token request.
     *
     * @param made the request, if one was made (else null)
     */
    private AccessToken renewed(String expected, Attempt[] made) throws ProviderException {
        Optional<SharedToken> shared = sharing.renew(expected, clock.instant(), () -> {
            made[0] = attempt();
            if (made[0].failure() != null) {
                throw made[0].failure();
            }
            AccessToken token = made[0].token();
            return new SharedToken(token.value(), token.refreshAt(), made[0].check().at(), sharing.node());
        });
        if (shared.isPresent()) {
            boolean ours = made[0] != null && shared.get().value().equals(made[0].token().value());
            return ours ? made[0].token() : adopt(shared.get());
        }
        if (made[0] == null) { // no store, or it failed before asking
            made[0] = attempt();
        }
        if (made[0].failure() != null) {
            throw made[0].failure();
        }
        return made[0].token();
    }

    /** Uses the token another node fetched; its sign-in is this node's last one too, if it is newer. */
    private AccessToken adopt(SharedToken shared) {
        AccessToken token = new AccessToken(shared.value(), shared.refreshAt());
        current = token;
        ConnectionCheck last = lastSignIn;
        if (last == null || last.at().isBefore(shared.fetchedAt())) {
            lastSignIn = new ConnectionCheck(true, shared.fetchedAt(), Duration.ZERO,
                    "M-Pesa accepted the consumer key and secret (signed in by " + shared.fetchedBy()
                            + "; this node uses that token, shared through the database).");
        }
        return token;
    }

    /** How the last token request went, whoever made it; empty before the first. */
    Optional<ConnectionCheck> lastSignIn() {
        return Optional.ofNullable(lastSignIn);
    }

    private boolean isFresh(AccessToken token) {
        return token != null && clock.instant().isBefore(token.refreshAt());
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
        // with several nodes, the administrator also sees which one signed in
        String by = sharing.active() ? ", signed in by " + sharing.node() : "";
        return new Attempt(new AccessToken(value, askedAt.plus(useFor(expiresIn))), null,
                new ConnectionCheck(true, askedAt, took, "M-Pesa accepted the consumer key and secret (answered in "
                        + took.toMillis() + " ms" + by + ")."));
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
