package io.stkpush.daraja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.stkpush.api.Outcome;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.provider.StatusAnswer.State;
import io.stkpush.api.text.OperatorText;

class ResultCodesTest {

    /** Daraja's ResultDesc: its wording changes, so the operator's words never come from it for a neutral reason. */
    private static final String RESULT_DESC = "Daraja's own wording of the day";

    /** What the operator reads for a code, as a push settled with it renders. */
    private static String operatorReads(ResultCode meaning) {
        return OperatorText.english().reason(meaning.reason(), meaning.code(), meaning.providerText(RESULT_DESC));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "0          | SUCCEEDED   | PAID                    | Payment received and recorded.",
        "1          | FAILED      | INSUFFICIENT_FUNDS      | Insufficient M-Pesa balance.",
        "2          | FAILED      | AMOUNT_BELOW_MINIMUM    | The amount is below the M-Pesa minimum of KES 1.",
        "3          | FAILED      | AMOUNT_ABOVE_MAXIMUM    | The amount is above the M-Pesa maximum for one transaction.",
        "4          | FAILED      | DAILY_LIMIT_EXCEEDED    | The payment would exceed the subscriber's daily M-Pesa limit.",
        "8          | FAILED      | BUSINESS_BALANCE_LIMIT  | The payment would exceed the maximum balance of the business account.",
        "15         | FAILED      | DUPLICATE_REQUEST       | M-Pesa refused a duplicate request. Retry.",
        "17         | FAILED      | REPEATED_TOO_SOON       | M-Pesa refused a repeat of the same amount to the same number within 2 minutes. Wait 2 minutes and retry.",
        "21         | FAILED      | PROVIDER_REFUSED        | The business account is not allowed to make this request: check the Daraja configuration.",
        "26         | FAILED      | PROVIDER_BUSY           | M-Pesa is busy. Try again in a few minutes.",
        "1001       | FAILED      | SUBSCRIBER_BUSY         | The subscriber's phone is busy with another M-Pesa session. Wait a minute and retry.",
        "1019       | NO_RESPONSE | PROMPT_EXPIRED          | The prompt expired before the subscriber answered.",
        "1025       | FAILED      | PROMPT_NOT_DELIVERED    | M-Pesa could not send the prompt to the phone. Retry; if it happens again, shorten the account reference.",
        "1031       | CANCELLED   | CANCELLED_BY_SUBSCRIBER | The subscriber cancelled the payment on their phone.",
        "1032       | CANCELLED   | CANCELLED_BY_SUBSCRIBER | The subscriber cancelled the payment on their phone.",
        "1036       | NO_RESPONSE | NO_RESPONSE             | No response from the subscriber's phone: it may be off or out of network. Ask the subscriber to check and retry.",
        "1037       | NO_RESPONSE | NO_RESPONSE             | No response from the subscriber's phone: it may be off or out of network. Ask the subscriber to check and retry.",
        "1101       | FAILED      | PROMPT_TOO_LONG         | The prompt text is too long for the phone: shorten the account reference or description.",
        "1102       | FAILED      | PROMPT_TOO_LONG         | The prompt text is too long for the phone: shorten the account reference or description.",
        "2001       | FAILED      | WRONG_PIN               | Wrong M-Pesa PIN entered.",
        "2008       | FAILED      | AUTHENTICATION_FAILED   | M-Pesa could not authenticate the payment. Retry.",
        "2026       | NO_RESPONSE | NO_RESPONSE             | No response from the subscriber's phone: it may be off or out of network. Ask the subscriber to check and retry.",
        "2028       | FAILED      | PROVIDER_REFUSED        | M-Pesa refused the payment for this business number: check the mode (Paybill or Till) and the till number (partyB) in the Daraja configuration.",
        "8006       | FAILED      | PIN_LOCKED              | The subscriber's M-Pesa PIN is locked. They should call Safaricom customer care (100 or 200).",
        "9999       | FAILED      | PROVIDER_ERROR          | M-Pesa had an internal error sending the prompt. Retry.",
        "SFC_IC0003 | FAILED      | PROVIDER_REFUSED        | M-Pesa refused the payment for this business number: check the mode (Paybill or Till) and the till number (partyB) in the Daraja configuration.",
        "E3008      | FAILED      | PROVIDER_REFUSED        | M-Pesa refused the number; the Daraja sandbox only prompts its test number 254708374149."
    })
    void everyFinalCodeHasItsOutcomeReasonAndSentence(String code, Outcome outcome, PushReason reason,
            String sentence) {
        ResultCode meaning = ResultCodes.describe(code);
        assertEquals(code, meaning.code());
        assertEquals(State.FINAL, meaning.state());
        assertEquals(outcome, meaning.outcome());
        assertEquals(reason, meaning.reason());
        assertTrue(meaning.isKnown());
        assertEquals(sentence, operatorReads(meaning));
        assertFalse(operatorReads(meaning).contains(RESULT_DESC), "decisions and words rest on the code only");
    }

    @Test
    void onlyCodesNoNeutralReasonFitsCarryWordsOfTheirOwn() {
        for (ResultCode meaning : ResultCodes.all().values()) {
            assertEquals(meaning.reason() == PushReason.PROVIDER_REFUSED, meaning.explanation() != null,
                    meaning.code());
            if (meaning.explanation() == null) {
                assertEquals(RESULT_DESC, meaning.providerText(RESULT_DESC), "Daraja's words kept as data");
            } else {
                assertEquals(meaning.explanation(), meaning.providerText(RESULT_DESC));
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "1032|The subscriber cancelled the payment on their phone.",
        "1031|The subscriber cancelled the payment on their phone.",
        "2001|Wrong M-Pesa PIN entered.",
        "1|Insufficient M-Pesa balance.",
        "1001|The subscriber's phone is busy with another M-Pesa session. Wait a minute and retry.",
        "26|M-Pesa is busy. Try again in a few minutes."
    })
    void operatorReasons(String code, String reason) {
        assertEquals(reason, operatorReads(ResultCodes.describe(code)));
    }

    @Test
    void noResponseCodesExplainThePhone() {
        for (String code : new String[] { "1036", "1037", "2026" }) {
            assertEquals(PushReason.NO_RESPONSE, ResultCodes.describe(code).reason(), code);
            assertTrue(operatorReads(ResultCodes.describe(code)).startsWith("No response from the subscriber's phone"),
                    code);
        }
        assertEquals(PushStatus.TIMEOUT, ResultCodes.describe("1037").outcome().status());
    }

    @Test
    void limitsSayWhichLimit() {
        assertTrue(operatorReads(ResultCodes.describe("2")).contains("minimum"));
        assertTrue(operatorReads(ResultCodes.describe("3")).contains("maximum"));
        assertTrue(operatorReads(ResultCodes.describe("4")).contains("daily"));
        assertTrue(operatorReads(ResultCodes.describe("8")).contains("balance"));
    }

    @Test
    void stillProcessingIsPending() {
        ResultCode meaning = ResultCodes.describe("4999");
        assertEquals(State.PENDING, meaning.state());
        assertNull(meaning.outcome());
        assertEquals(PushReason.PENDING, meaning.reason());
        assertTrue(meaning.isKnown());
        assertEquals("The subscriber has not answered yet.", operatorReads(meaning));
    }

    @Test
    void unknownCodeIsUnknownNeverFailed() {
        ResultCode meaning = ResultCodes.describe("7777");
        assertEquals(State.UNKNOWN, meaning.state());
        assertNull(meaning.outcome());
        assertFalse(meaning.isKnown());
        assertEquals("7777", meaning.code());
        assertEquals(PushReason.UNKNOWN_ANSWER, meaning.reason());
        assertEquals("M-Pesa answered with result code 7777, which stkpush does not know. Check the payment on the"
                + " M-Pesa portal.", operatorReads(meaning));
    }

    @Test
    void missingCodeIsUnknown() {
        assertEquals(State.UNKNOWN, ResultCodes.describe((String) null).state());
        assertEquals(State.UNKNOWN, ResultCodes.describe(" ").state());
        assertEquals(PushReason.UNKNOWN_ANSWER, ResultCodes.describe(" ").reason());
        assertEquals("M-Pesa answered without a result code. Check the payment on the M-Pesa portal.",
                operatorReads(ResultCodes.describe((String) null)));
    }

    @Test
    void callbackNumbersAndPaddedStringsMeanTheSame() {
        assertSame(ResultCodes.describe("1032"), ResultCodes.describe(1032L));
        assertSame(ResultCodes.describe("0"), ResultCodes.describe(" 0 "));
    }

    @Test
    void asAStatusAnswer() {
        StatusAnswer answer = ResultCodes.describe("1032").toStatusAnswer("Request Cancelled by user.");
        assertEquals(State.FINAL, answer.state());
        assertEquals(Outcome.CANCELLED, answer.outcome());
        assertEquals(PushReason.CANCELLED_BY_SUBSCRIBER, answer.reason());
        assertEquals("1032", answer.resultCode());
        assertEquals("Request Cancelled by user.", answer.providerText());
        assertEquals("The subscriber cancelled the payment on their phone.",
                OperatorText.english().reason(answer.reason(), answer.resultCode(), answer.providerText()));
    }

    @Test
    void aRefusalOnlyDarajaCanExplainKeepsItsExplanationAsTheProviderText() {
        StatusAnswer answer = ResultCodes.describe("2028").toStatusAnswer("The request is not permitted"
                + " according to product assignment");
        assertEquals(PushReason.PROVIDER_REFUSED, answer.reason());
        assertEquals(ResultCodes.describe("2028").explanation(), answer.providerText());
    }

    @Test
    void catalogueHoldsEveryCodeTheIssueLists() {
        for (String code : new String[] { "0", "1", "2", "3", "4", "8", "17", "26", "1001", "1019", "1025", "1032",
            "1036", "1037", "2001", "2026", "2028", "8006", "9999", "SFC_IC0003", "4999", "1031", "E3008", "1101",
            "1102", "15", "21", "2008" }) {
            assertTrue(ResultCodes.all().containsKey(code), code);
        }
        assertEquals(28, ResultCodes.all().size());
    }
}
