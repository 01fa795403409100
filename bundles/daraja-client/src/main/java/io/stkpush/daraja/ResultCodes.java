package io.stkpush.daraja;

import static io.stkpush.api.Outcome.CANCELLED;
import static io.stkpush.api.Outcome.FAILED;
import static io.stkpush.api.Outcome.NO_RESPONSE;
import static io.stkpush.api.Outcome.SUCCEEDED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stkpush.api.Outcome;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.StatusAnswer.State;

/**
 * The catalogue of Daraja STK result codes (callback {@code ResultCode}, a number, and status query
 * {@code ResultCode}, a string) with the outcome each one means and its provider-neutral {@link PushReason}, whose
 * words {@link io.stkpush.api.text.OperatorText} renders. Only the codes no neutral reason fits
 * ({@link PushReason#PROVIDER_REFUSED}) carry words of their own here.
 *
 * <p>Decisions rest on the code only: Daraja's {@code ResultDesc} wording differs between the callback and the
 * query and changes over time. A code that is not in this table is {@link State#UNKNOWN}, for a person to
 * review, never a failure.
 */
public final class ResultCodes {

    private static final String WRONG_PRODUCT =
            "M-Pesa refused the payment for this business number: check the mode (Paybill or Till) and the till"
                    + " number (partyB) in the Daraja configuration.";

    private static final Map<String, ResultCode> CODES = new LinkedHashMap<>();

    static {
        add("0", SUCCEEDED, PushReason.PAID);
        add("1", FAILED, PushReason.INSUFFICIENT_FUNDS);
        add("2", FAILED, PushReason.AMOUNT_BELOW_MINIMUM);
        add("3", FAILED, PushReason.AMOUNT_ABOVE_MAXIMUM);
        add("4", FAILED, PushReason.DAILY_LIMIT_EXCEEDED);
        add("8", FAILED, PushReason.BUSINESS_BALANCE_LIMIT);
        add("15", FAILED, PushReason.DUPLICATE_REQUEST);
        add("17", FAILED, PushReason.REPEATED_TOO_SOON);
        refused("21", "The business account is not allowed to make this request: check the Daraja configuration.");
        add("26", FAILED, PushReason.PROVIDER_BUSY);
        add("1001", FAILED, PushReason.SUBSCRIBER_BUSY);
        add("1019", NO_RESPONSE, PushReason.PROMPT_EXPIRED);
        add("1025", FAILED, PushReason.PROMPT_NOT_DELIVERED);
        add("1031", CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER);
        add("1032", CANCELLED, PushReason.CANCELLED_BY_SUBSCRIBER);
        add("1036", NO_RESPONSE, PushReason.NO_RESPONSE);
        add("1037", NO_RESPONSE, PushReason.NO_RESPONSE);
        add("1101", FAILED, PushReason.PROMPT_TOO_LONG);
        add("1102", FAILED, PushReason.PROMPT_TOO_LONG);
        add("2001", FAILED, PushReason.WRONG_PIN);
        add("2008", FAILED, PushReason.AUTHENTICATION_FAILED);
        add("2026", NO_RESPONSE, PushReason.NO_RESPONSE);
        refused("2028", WRONG_PRODUCT);
        add("8006", FAILED, PushReason.PIN_LOCKED);
        add("9999", FAILED, PushReason.PROVIDER_ERROR);
        refused("SFC_IC0003", WRONG_PRODUCT);
        refused("E3008", "M-Pesa refused the number; the Daraja sandbox only prompts its test number 254708374149.");
        CODES.put("4999", new ResultCode("4999", State.PENDING, null, PushReason.PENDING, null));
    }

    private ResultCodes() {
    }

    private static void add(String code, Outcome outcome, PushReason reason) {
        CODES.put(code, new ResultCode(code, State.FINAL, outcome, reason, null));
    }

    /** A failure only Daraja can explain: its words go with the code. */
    private static void refused(String code, String explanation) {
        CODES.put(code, new ResultCode(code, State.FINAL, FAILED, PushReason.PROVIDER_REFUSED, explanation));
    }

    /**
     * What a result code means. Never {@code null}: an unmapped or missing code is {@link State#UNKNOWN}, for
     * the reason {@link PushReason#UNKNOWN_ANSWER}.
     *
     * @param code as Daraja sent it; surrounding spaces are ignored
     */
    public static ResultCode describe(String code) {
        if (code == null || code.isBlank()) {
            return new ResultCode(null, State.UNKNOWN, null, PushReason.UNKNOWN_ANSWER, null);
        }
        String key = code.strip();
        ResultCode known = CODES.get(key);
        if (known != null) {
            return known;
        }
        return new ResultCode(key, State.UNKNOWN, null, PushReason.UNKNOWN_ANSWER, null);
    }

    /** The callback's numeric {@code ResultCode}. */
    public static ResultCode describe(long code) {
        return describe(Long.toString(code));
    }

    /** Every code in the catalogue, in a stable order. */
    public static Map<String, ResultCode> all() {
        return Collections.unmodifiableMap(CODES);
    }
}
