package io.stkpush.daraja.simulator.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The OAuth tokens handed out, each valid until its expiry. */
final class AccessTokens {

    private record Issued(String consumerKey, Instant expiresAt) {
    }

    private final Clock clock;
    private final Map<String, Issued> issued = new HashMap<>();

    AccessTokens(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param invalidatePrevious Daraja's FAQ says each new token invalidates the previous one of the same app;
     *        community reports disagree, so this is a switch
     */
    synchronized String issue(String consumerKey, Duration lifetime, boolean invalidatePrevious) {
        Instant now = clock.instant();
        issued.values().removeIf(t -> !t.expiresAt().isAfter(now)
                || invalidatePrevious && t.consumerKey().equals(consumerKey));
        String token = DarajaIds.accessToken();
        issued.put(token, new Issued(consumerKey, now.plus(lifetime)));
        return token;
    }

    synchronized boolean valid(String token) {
        Issued t = issued.get(token);
        return t != null && t.expiresAt().isAfter(clock.instant());
    }
}
