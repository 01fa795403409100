package io.stkpush.daraja.simulator.internal;

import java.util.Locale;

/**
 * Which prompts the realistic subscribers answer ({@code realisticMode}); the others keep their scripted scenario
 * or ring the virtual phone.
 */
enum RealisticMode {
    /** Nobody: every number keeps its scripted scenario or rings the virtual phone (the default). */
    OFF,
    /** Numbers without a scripted scenario, which would otherwise ring the virtual phone; 00–13 keep theirs. */
    UNSCRIPTED,
    /** Every number: the last two digits mean nothing, so a load test needs no care choosing its phones. */
    ALL;

    /** The name in configuration, e.g. {@code unscripted}. */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for an unknown name */
    static RealisticMode of(String key) {
        return valueOf(key.trim().toUpperCase(Locale.ROOT));
    }

    /** Whether a push to a number whose scripted scenario is {@code scripted} is answered by a realistic subscriber. */
    boolean answers(Scenario scripted) {
        return switch (this) {
            case OFF -> false;
            case UNSCRIPTED -> scripted == Scenario.VIRTUAL_PHONE;
            case ALL -> true;
        };
    }
}
