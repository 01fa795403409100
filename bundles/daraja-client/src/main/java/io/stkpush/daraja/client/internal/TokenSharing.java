package io.stkpush.daraja.client.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.SharedToken;
import io.stkpush.api.provider.SharedTokens;

/**
 * The access token shared with the other nodes through {@link SharedTokens} (the ledger's database), when that
 * service is there. Without it (one node, tests) nothing is read or renewed here and the client keeps its own
 * token, as before. The store is never allowed to hold payments up: when it fails, this node signs in on its own
 * for {@link #PAUSE_AFTER_FAILURE} without asking it again, and says so once in the log.
 */
final class TokenSharing {

    /** How long a node leaves a failing store alone: one WARN per outage, not one per call. */
    static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(TokenSharing.class);

    private final Supplier<SharedTokens> store;
    private final String account;
    private final String node;
    private final Clock clock;
    private volatile Instant pausedUntil = Instant.MIN;

    /**
     * @param store   the store bound now, or null; asked again on every use, so a store that comes or goes later is
     *                used or left from then on
     * @param account which Daraja app the token is for; the store keeps only a hash of it
     * @param node    this node, in words for the administrator
     */
    TokenSharing(Supplier<SharedTokens> store, String account, String node, Clock clock) {
        this.store = store;
        this.account = account;
        this.node = node;
        this.clock = clock;
    }

    /** Not shared: a single node, as without the ledger. */
    static TokenSharing none(Clock clock) {
        return new TokenSharing(() -> null, "", thisNode(), clock);
    }

    String node() {
        return node;
    }

    /** Whether a store is there and working, so a token is renewed through it. */
    boolean active() {
        return usable() != null;
    }

    /** The stored token, fresh or not; empty when there is none or no store can be asked now. */
    Optional<SharedToken> read() {
        SharedTokens tokens = usable();
        if (tokens == null) {
            return Optional.empty();
        }
        try {
            return tokens.current(account);
        } catch (RuntimeException e) {
            pause("read", e);
            return Optional.empty();
        }
    }

    /**
     * Renews {@code expectedValue} (null: none stored) through the store, one node at a time: the token another
     * node stored meanwhile, or the one {@code request} answers. Empty when there is no store or it failed; then
     * the caller goes on alone (and must not ask again if {@code request} already ran).
     *
     * @throws ProviderException the request's own failure
     */
    Optional<SharedToken> renew(String expectedValue, Instant now,
            SharedTokens.TokenRequest<ProviderException> request) throws ProviderException {
        SharedTokens tokens = usable();
        if (tokens == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(tokens.renew(account, expectedValue, now, request));
        } catch (RuntimeException e) {
            pause("renewed", e);
            return Optional.empty();
        }
    }

    private SharedTokens usable() {
        SharedTokens tokens = store.get();
        if (tokens == null || clock.instant().isBefore(pausedUntil)) {
            return null;
        }
        return tokens;
    }

    private void pause(String what, RuntimeException e) {
        pausedUntil = clock.instant().plus(PAUSE_AFTER_FAILURE);
        // the store's message names the operation and an SQL state, never the token
        LOG.warn("The shared M-Pesa access token could not be {} ({}); this node signs in on its own for the next {} s",
                what, e.getMessage(), PAUSE_AFTER_FAILURE.toSeconds());
    }

    /** Host name and process id: two Karaf JVMs on one machine are told apart. */
    static String thisNode() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "node";
        }
        return host + " pid " + ProcessHandle.current().pid();
    }
}
