package io.stkpush.callback.internal;

import java.util.Locale;

/** What to do with a callback from an address outside the allow list. */
enum AllowListMode {
    /** Refuse it (403). */
    ENFORCE,
    /** Accept it and warn: the documented Safaricom addresses are not official, so this is the default. */
    LOG,
    /** No check. */
    OFF;

    /** Reads the configuration value ({@code enforce}, {@code log} or {@code off}). */
    static AllowListMode parse(String value) {
        String normalised = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
        try {
            return valueOf(normalised);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allowListMode must be 'enforce', 'log' or 'off', not '" + value + "'",
                    e);
        }
    }
}
