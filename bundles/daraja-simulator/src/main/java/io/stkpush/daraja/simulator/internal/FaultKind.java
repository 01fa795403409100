package io.stkpush.daraja.simulator.internal;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the simulated gateway can do instead of the normal answer ({@code faults} setting). Each kind says whether
 * the request's work is done (a prompt sent, a token issued) before the answer goes wrong: a client that loses an
 * answer cannot tell, so it must treat those answers as "unknown", never "failed".
 */
enum FaultKind {
    /** HTTP 500 or 503, {@code 500.003.1001 Internal Server Error}; on a push, half of them after the prompt went out. */
    SERVER_ERROR,
    /** The work is done, the answer held past a client's read timeout ({@code faultHoldMillis}), then 504 empty. */
    TIMEOUT,
    /** The correct answer, after {@code slowAnswerMillis}. */
    SLOW,
    /** HTTP 500 {@code 500.003.02 Error Occurred: Spike Arrest Violation}; nothing is done. */
    SPIKE_ARREST,
    /** HTTP 404 {@code 404.001.03 Invalid Access Token} for a valid token; nothing is done. Not on the token call. */
    TOKEN_INVALID,
    /** The work is done, then 200 with a body that is not JSON, truncated JSON or an HTML error page. */
    MALFORMED;

    /** The name in configuration and in {@code /daraja-sim/ledger}, e.g. {@code server_error}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FaultKind of(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }

    static Set<FaultKind> all() {
        return EnumSet.allOf(FaultKind.class);
    }

    /** How many ways the answer can go wrong, drawn uniformly: see {@link Gateway}. */
    int variants() {
        return switch (this) {
            case SERVER_ERROR -> 4; // 500 or 503, times prompt sent or not (on a push)
            case MALFORMED -> 3;    // not JSON, truncated JSON, HTML page
            default -> 1;
        };
    }
}
