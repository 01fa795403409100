package io.stkpush.push.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The push service's configuration, checked.
 *
 * @param waitingWindow     how long the operator's dialog waits
 * @param firstPoll         delay before the first status query of an accepted push
 * @param accountReference  the reference sent when the subscriber's account number is unknown, or {@code null}
 *                          to let the provider use its own
 * @param description       the prompt's description, or {@code null} to let the provider use its own
 */
record PushSettings(Duration waitingWindow, Duration firstPoll, String accountReference, String description) {

    static final String PID = "io.stkpush.push";

    /** Daraja's limits: longer texts make the prompt fail (result codes 1025, 1101). */
    static final int ACCOUNT_REFERENCE_MAX = 12;
    static final int DESCRIPTION_MAX = 13;

    static final PushSettings DEFAULTS = new PushSettings(Duration.ofSeconds(96), Duration.ofSeconds(8), null,
            "Internet");

    PushSettings {
        Objects.requireNonNull(waitingWindow, "waitingWindow");
        Objects.requireNonNull(firstPoll, "firstPoll");
        if (waitingWindow.isNegative() || waitingWindow.isZero() || firstPoll.isNegative()) {
            throw new IllegalArgumentException("waitingWindowSeconds must be positive, firstPollSeconds not negative");
        }
        accountReference = fit(accountReference, ACCOUNT_REFERENCE_MAX);
        description = fit(description, DESCRIPTION_MAX);
    }

    /** @throws IllegalArgumentException naming the bad key */
    static PushSettings from(PushConfig config) {
        if (config.waitingWindowSeconds() < 1) {
            throw new IllegalArgumentException("waitingWindowSeconds must be at least 1");
        }
        if (config.firstPollSeconds() < 0) {
            throw new IllegalArgumentException("firstPollSeconds must not be negative");
        }
        return new PushSettings(Duration.ofSeconds(config.waitingWindowSeconds()),
                Duration.ofSeconds(config.firstPollSeconds()), config.accountReference(), config.description());
    }

    /** Stripped and cut to {@code max} characters; blank becomes {@code null}. */
    static String fit(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        return stripped.length() <= max ? stripped : stripped.substring(0, max).strip();
    }
}
