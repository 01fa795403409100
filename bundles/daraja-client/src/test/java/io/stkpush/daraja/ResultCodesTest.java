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
import io.stkpush.api.PushStatus;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.provider.StatusAnswer.State;

class ResultCodesTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0, SUCCEEDED",
        "1, FAILED",
        "2, FAILED",
        "3, FAILED",
        "4, FAILED",
        "8, FAILED",
        "15, FAILED",
        "17, FAILED",
        "21, FAILED",
        "26, FAILED",
        "1001, FAILED",
        "1019, NO_RESPONSE",
        "1025, FAILED",
        "1031, CANCELLED",
        "1032, CANCELLED",
        "1036, NO_RESPONSE",
        "1037, NO_RESPONSE",
        "1101, FAILED",
        "1102, FAILED",
        "2001, FAILED",
        "2008, FAILED",
        "2026, NO_RESPONSE",
        "2028, FAILED",
        "8006, FAILED",
        "9999, FAILED",
        "SFC_IC0003, FAILED",
        "E3008, FAILED"
    })
    void everyFinalCodeHasItsOutcomeAndAReason(String code, Outcome outcome) {
        ResultCode meaning = ResultCodes.describe(code);
        assertEquals(code, meaning.code());
        assertEquals(State.FINAL, meaning.state());
        assertEquals(outcome, meaning.outcome());
        assertTrue(meaning.isKnown());
        assertTrue(meaning.reason().endsWith("."), meaning.reason());
        assertFalse(meaning.reason().contains("ResultDesc"));
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
        assertEquals(reason, ResultCodes.describe(code).reason());
    }

    @Test
    void noResponseCodesExplainThePhone() {
        for (String code : new String[] { "1036", "1037", "2026" }) {
            assertTrue(ResultCodes.describe(code).reason().startsWith("No response from the subscriber's phone"), code);
        }
        assertEquals(PushStatus.TIMEOUT, ResultCodes.describe("1037").outcome().status());
    }

    @Test
    void limitsSayWhichLimit() {
        assertTrue(ResultCodes.describe("2").reason().contains("minimum"));
        assertTrue(ResultCodes.describe("3").reason().contains("maximum"));
        assertTrue(ResultCodes.describe("4").reason().contains("daily"));
        assertTrue(ResultCodes.describe("8").reason().contains("balance"));
    }

    @Test
    void stillProcessingIsPending() {
        ResultCode meaning = ResultCodes.describe("4999");
        assertEquals(State.PENDING, meaning.state());
        assertNull(meaning.outcome());
        assertTrue(meaning.isKnown());
    }

    @Test
    void unknownCodeIsUnknownNeverFailed() {
        ResultCode meaning = ResultCodes.describe("7777");
        assertEquals(State.UNKNOWN, meaning.state());
        assertNull(meaning.outcome());
        assertFalse(meaning.isKnown());
        assertEquals("7777", meaning.code());
        assertTrue(meaning.reason().contains("7777"));
    }

    @Test
    void missingCodeIsUnknown() {
        assertEquals(State.UNKNOWN, ResultCodes.describe((String) null).state());
        assertEquals(State.UNKNOWN, ResultCodes.describe(" ").state());
    }

    @Test
    void callbackNumbersAndPaddedStringsMeanTheSame() {
        assertSame(ResultCodes.describe("1032"), ResultCodes.describe(1032L));
        assertSame(ResultCodes.describe("0"), ResultCodes.describe(" 0 "));
    }

    @Test
    void asAStatusAnswer() {
        StatusAnswer answer = ResultCodes.describe("1032").toStatusAnswer();
        assertEquals(State.FINAL, answer.state());
        assertEquals(Outcome.CANCELLED, answer.outcome());
        assertEquals("1032", answer.resultCode());
        assertEquals("The subscriber cancelled the payment on their phone.", answer.message());
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
