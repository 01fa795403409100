package io.stkpush.daraja.simulator.internal;

/**
 * Scripted behaviours chosen by the last two digits of the PhoneNumber; see {@code package-info.java} for the
 * table. Every other number rings the virtual phone page.
 */
enum Scenario {
    SUCCESS("00", Outcome.PAID, 1),
    CANCELLED("01", Outcome.CANCELLED, 1),
    INSUFFICIENT_BALANCE("02", Outcome.INSUFFICIENT_BALANCE, 1),
    WRONG_PIN("03", Outcome.WRONG_PIN, 1),
    NO_RESPONSE("04", Outcome.NO_RESPONSE, 1),
    CALLBACK_NEVER_SENT("05", Outcome.PAID, 0),
    CALLBACK_SENT_THREE_TIMES("06", Outcome.PAID, 3),
    CALLBACK_BEFORE_RESPONSE("07", Outcome.PAID, 1),
    LATE_SUCCESS("08", Outcome.PAID, 1),
    INVALID_PHONE_NUMBER("09", null, 0),
    SUBSCRIBER_BUSY("10", null, 0),
    LEGACY_PENDING_QUERY("11", Outcome.PAID, 1),
    SYSTEM_BUSY("12", null, 0),
    /** The prompt goes out, but the answer to the push is lost (held, then 504); paid late, callback sent. */
    ANSWER_LOST("13", Outcome.PAID, 1),
    /**
     * Answered by a realistic subscriber ({@code realisticMode}): outcome, delays and a lost callback drawn per
     * prompt ({@link Subscribers}); never chosen by digits.
     */
    REALISTIC(null, null, 1),
    VIRTUAL_PHONE(null, null, 1);

    private final String digits;
    private final Outcome outcome;
    private final int callbacks;

    Scenario(String digits, Outcome outcome, int callbacks) {
        this.digits = digits;
        this.outcome = outcome;
        this.callbacks = callbacks;
    }

    static Scenario of(Msisdn phone) {
        for (Scenario s : values()) {
            if (phone.lastTwoDigits().equals(s.digits)) {
                return s;
            }
        }
        return VIRTUAL_PHONE;
    }

    /**
     * The scripted end, null when a person decides (virtual phone), a realistic subscriber draws it, or the push is
     * refused outright.
     */
    Outcome outcome() {
        return outcome;
    }

    /** How many times the STK callback is POSTed (a realistic subscriber's draw may lose it). */
    int callbacks() {
        return callbacks;
    }

    /** Not answered on the virtual phone: its end is scripted or drawn. */
    boolean scripted() {
        return this != VIRTUAL_PHONE;
    }
}
