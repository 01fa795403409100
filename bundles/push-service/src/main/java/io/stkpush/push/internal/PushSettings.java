package io.stkpush.push.internal;

/**
 * The push service's configuration, fitted to the provider's limits. How long the operator waits and when a push
 * is first queried are the poller's ({@link io.stkpush.api.PushSchedule}).
 *
 * @param accountReference  the reference sent when the subscriber's account number is unknown, or {@code null}
 *                          to let the provider use its own
 * @param description       the prompt's description, or {@code null} to let the provider use its own
 */
record PushSettings(String accountReference, String description) {

    static final String PID = "io.stkpush.push";

    /** Daraja's limits: longer texts make the prompt fail (result codes 1025, 1101). */
    static final int ACCOUNT_REFERENCE_MAX = 12;
    static final int DESCRIPTION_MAX = 13;

    static final PushSettings DEFAULTS = new PushSettings(null, "Internet");

    PushSettings {
        accountReference = fit(accountReference, ACCOUNT_REFERENCE_MAX);
        description = fit(description, DESCRIPTION_MAX);
    }

    static PushSettings from(PushConfig config) {
        return new PushSettings(config.accountReference(), config.description());
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
