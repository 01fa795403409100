package io.stkpush.daraja.client.internal;

import java.util.Locale;

/** Daraja's two public hosts, or any other base (the simulator). */
enum DarajaEnvironment {
    SANDBOX("https://sandbox.safaricom.co.ke"),
    PRODUCTION("https://api.safaricom.co.ke"),
    CUSTOM(null);

    private final String baseUrl;

    DarajaEnvironment(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The fixed base, or {@code null} for {@link #CUSTOM}. */
    String baseUrl() {
        return baseUrl;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
