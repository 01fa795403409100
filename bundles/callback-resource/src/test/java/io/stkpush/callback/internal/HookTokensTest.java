package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import io.stkpush.api.PushId;

import org.junit.jupiter.api.Test;

class HookTokensTest {

    private static final PushId PUSH = PushId.parse("6f1c1a52-2f7e-4c43-9d57-0b1e0c6f52aa");
    private final HookTokens tokens = new HookTokens("a key only this server knows, 32+ chars");

    @Test
    void aPushTokenIs32LowerCaseHexDigitsAndStable() {
        String token = tokens.stkToken(PUSH);
        assertTrue(token.matches("[0-9a-f]{32}"), token);
        assertEquals(token, new HookTokens("a key only this server knows, 32+ chars").stkToken(PUSH));
    }

    @Test
    void theTokenOfThatPushIsAccepted() {
        assertTrue(tokens.isStkToken(PUSH, tokens.stkToken(PUSH)));
    }

    @Test
    void aWrongTokenIsRefused() {
        String token = tokens.stkToken(PUSH);
        String oneDigitOff = token.substring(0, 31) + (token.charAt(31) == '0' ? '1' : '0');
        assertFalse(tokens.isStkToken(PUSH, oneDigitOff));
        assertFalse(tokens.isStkToken(PUSH, token.toUpperCase(Locale.ROOT)));
        assertFalse(tokens.isStkToken(PUSH, token.substring(0, 31)));
        assertFalse(tokens.isStkToken(PUSH, token + "0"));
        assertFalse(tokens.isStkToken(PUSH, ""));
        assertFalse(tokens.isStkToken(PUSH, null));
    }

    @Test
    void anotherPushsTokenIsRefused() {
        PushId other = PushId.random();
        assertFalse(tokens.isStkToken(PUSH, tokens.stkToken(other)));
        assertFalse(tokens.isStkToken(other, tokens.stkToken(PUSH)));
    }

    @Test
    void aTamperedIdDoesNotKeepItsToken() {
        String tampered = "6f1c1a52-2f7e-4c43-9d57-0b1e0c6f52ab";
        assertFalse(tokens.isStkToken(PushId.parse(tampered), tokens.stkToken(PUSH)));
    }

    @Test
    void anotherKeyMakesOtherTokens() {
        HookTokens other = new HookTokens("another key");
        assertNotEquals(tokens.stkToken(PUSH), other.stkToken(PUSH));
        assertFalse(other.isStkToken(PUSH, tokens.stkToken(PUSH)));
        assertFalse(other.isC2bToken(tokens.c2bToken()));
    }

    @Test
    void theC2bTokenIsNotAPushToken() {
        assertTrue(tokens.isC2bToken(tokens.c2bToken()));
        assertFalse(tokens.isC2bToken(tokens.stkToken(PUSH)));
        assertTrue(tokens.c2bToken().matches("[0-9a-f]{32}"));
    }

    @Test
    void generatedKeysAreLongAndDifferent() {
        String key = HookTokens.newKey();
        assertTrue(key.matches("[0-9a-f]{64}"));
        assertNotEquals(key, HookTokens.newKey());
        assertThrows(IllegalArgumentException.class, () -> new HookTokens(""));
    }

    @Test
    void callbackPathsNeverSpellAWordDarajaRefuses() {
        // the variable parts are lower-case hex (asserted above), which spells none of these words
        String fixed = CallbackGuard.STK_PATH + " " + CallbackGuard.C2B_CONFIRMATION_PATH + " "
                + CallbackGuard.C2B_VALIDATION_PATH;
        for (String word : List.of("mpesa", "m-pesa", "safaricom", "query", "sql", "exe", "cmd")) {
            assertFalse(fixed.toLowerCase(Locale.ROOT).contains(word), word + " in " + fixed);
            assertFalse(word.matches("[0-9a-f-]+"), word + " could be spelled in hex");
        }
    }
}
