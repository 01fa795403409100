package io.stkpush.daraja;

import static io.stkpush.api.Outcome.CANCELLED;
import static io.stkpush.api.Outcome.FAILED;
import static io.stkpush.api.Outcome.NO_RESPONSE;
import static io.stkpush.api.Outcome.SUCCEEDED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.stkpush.api.Outcome;
import io.stkpush.api.provider.StatusAnswer.State;

/**
 * The catalogue of Daraja STK result codes (callback {@code ResultCode}, a number, and status query
 * {@code ResultCode}, a string) with the outcome each one means and the reason shown to the operator.
 *
 * <p>Decisions rest on the code only: Daraja's {@code ResultDesc} wording differs between the callback and the
 * query and changes over time. A code that is not in this table is {@link State#UNKNOWN}, for a person to
 * review, never a failure.
 */
public final class ResultCodes {

    private static final String NO_RESPONSE_REASON =
            "No response from the subscriber's phone: it may be off or out of network. Ask the subscriber to check"
                    + " and retry.";
    private static final String WRONG_PRODUCT_REASON =
            "M-Pesa refused the payment for this business number: check the mode (Paybill or Till) and the till"
                    + " number (partyB) in the Daraja configuration.";
    private static final String PROMPT_TOO_LONG_REASON =
            "The prompt text is too long for the phone: shorten the account reference or description.";

    private static final Map<String, ResultCode> CODES = new LinkedHashMap<>();

    static {
        add("0", SUCCEEDED, "Payment received and recorded.");
        add("1", FAILED, "Insufficient M-Pesa balance.");
        add("2", FAILED, "The amount is below the M-Pesa minimum of KES 1.");
        add("3", FAILED, "The amount is above the M-Pesa maximum for one transaction.");
        add("4", FAILED, "The payment would exceed the subscriber's daily M-Pesa limit.");
        add("8", FAILED, "The payment would exceed the maximum balance of the business account.");
        add("15", FAILED, "M-Pesa refused a duplicate request. Retry.");
        add("17", FAILED, "M-Pesa refused a repeat of the same amount to the same number within 2 minutes."
                + " Wait 2 minutes and retry.");
        add("21", FAILED, "The business account is not allowed to make this request: check the Daraja"
                + " configuration.");
        add("26", FAILED, "M-Pesa is busy. Try again in a few minutes.");
        add("1001", FAILED, "The subscriber's phone is busy with another M-Pesa session. Wait a minute and retry.");
        add("1019", NO_RESPONSE, "The prompt expired before the subscriber answered.");
        add("1025", FAILED, "M-Pesa could not send the prompt to the phone. Retry; if it happens again, shorten"
                + " the account reference.");
        add("1031", CANCELLED, "The subscriber cancelled the payment on their phone.");
        add("1032", CANCELLED, "The subscriber cancelled the payment on their phone.");
        add("1036", NO_RESPONSE, NO_RESPONSE_REASON);
        add("1037", NO_RESPONSE, NO_RESPONSE_REASON);
        add("1101", FAILED, PROMPT_TOO_LONG_REASON);
        add("1102", FAILED, PROMPT_TOO_LONG_REASON);
        add("2001", FAILED, "Wrong M-Pesa PIN entered.");
        add("2008", FAILED, "M-Pesa could not authenticate the payment. Retry.");
        add("2026", NO_RESPONSE, NO_RESPONSE_REASON);
        add("2028", FAILED, WRONG_PRODUCT_REASON);
        add("8006", FAILED, "The subscriber's M-Pesa PIN is locked. They should call Safaricom customer care"
                + " (100 or 200).");
        add("9999", FAILED, "M-Pesa had an internal error sending the prompt. Retry.");
        add("SFC_IC0003", FAILED, WRONG_PRODUCT_REASON);
        add("E3008", FAILED, "M-Pesa refused the number; the Daraja sandbox only prompts its test number"
                + " 254708374149.");
        CODES.put("4999", new ResultCode("4999", State.PENDING, null, "The subscriber has not answered yet."));
    }

    private ResultCodes() {
    }

    private static void add(String code, Outcome outcome, String reason) {
        CODES.put(code, new ResultCode(code, State.FINAL, outcome, reason));
    }

    /**
     * What a result code means. Never {@code null}: an unmapped or missing code is {@link State#UNKNOWN}.
     *
     * @param code as Daraja sent it; surrounding spaces are ignored
     */
    public static ResultCode describe(String code) {
        if (code == null || code.isBlank()) {
            return new ResultCode(null, State.UNKNOWN, null,
                    "M-Pesa answered without a result code. Check the payment on the M-Pesa portal.");
        }
        String key = code.strip();
        ResultCode known = CODES.get(key);
        if (known != null) {
            return known;
        }
        return new ResultCode(key, State.UNKNOWN, null, "M-Pesa answered with result code " + key
                + ", which stkpush does not know. Check the payment on the M-Pesa portal.");
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
