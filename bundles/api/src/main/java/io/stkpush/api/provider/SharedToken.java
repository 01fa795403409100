package io.stkpush.api.provider;

import java.time.Instant;
import java.util.Objects;

/**
 * A provider access token as the nodes of one installation share it. The value is a short-lived bearer credential:
 * it never appears in {@link #toString()}, a log line or a page.
 *
 * @param value     the token itself
 * @param refreshAt when to stop using it and ask for a new one (before the provider's expiry)
 * @param fetchedAt when the provider issued it
 * @param fetchedBy which node asked for it, in words for the administrator (e.g. {@code "billing-1 (pid 4242)"})
 * @since 2.2
 */
public record SharedToken(String value, Instant refreshAt, Instant fetchedAt, String fetchedBy) {

    public SharedToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(refreshAt, "refreshAt");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(fetchedBy, "fetchedBy");
        if (value.isBlank()) {
            throw new IllegalArgumentException("A shared token needs a value.");
        }
    }

    /** Whether it may still be used at {@code now}. */
    public boolean isFreshAt(Instant now) {
        return now.isBefore(refreshAt);
    }

    @Override
    public String toString() {
        return "SharedToken[****, refreshAt=" + refreshAt + ", fetchedAt=" + fetchedAt + ", fetchedBy=" + fetchedBy
                + "]";
    }
}
