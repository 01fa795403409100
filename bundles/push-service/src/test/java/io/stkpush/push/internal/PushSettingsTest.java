package io.stkpush.push.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.stkpush.api.PhoneNumber;
import io.stkpush.testing.Configs;

/** The Safaricom prefixes as an administrator writes them: in the web console, or in one line of a .cfg file. */
class PushSettingsTest {

    private static PushSettings settings(Map<String, Object> config) {
        return PushSettings.from(Configs.of(PushConfig.class, config));
    }

    @Test
    void theDefaultListIsSafaricomsRanges() {
        assertEquals(List.of("70", "71", "72", "740", "741", "742", "743", "745", "746", "748", "749", "757", "758",
                "759", "768", "769", "79", "110", "111", "112", "113", "114", "115"),
                settings(Map.of()).safaricomPrefixes());
        assertEquals(PushSettings.DEFAULTS.safaricomPrefixes(), settings(Map.of()).safaricomPrefixes());
    }

    @Test
    void aCfgLineWithCommasAndTheDialledFormsIsRead() {
        // Config Admin hands a .cfg line to DS as one string, which DS turns into a one-element array
        PushSettings settings = settings(Map.of("safaricomPrefixes", new String[] { "70, 0711 254112,+254740-743" }));
        assertEquals(List.of("70", "711", "112", "740", "741", "742", "743"), settings.safaricomPrefixes());
        assertTrue(settings.reachable(PhoneNumber.parse("0711000000")));
        assertFalse(settings.reachable(PhoneNumber.parse("0712000000")));
        assertEquals(List.of("70", "757", "758", "759", "110"),
                settings(Map.of("safaricomPrefixes", new String[] { "70", "0757-0759", " 110 " })).safaricomPrefixes());
    }

    @Test
    void anEmptyListChecksNothing() {
        PushSettings settings = settings(Map.of("safaricomPrefixes", new String[] { "" }));
        assertEquals(List.of(), settings.safaricomPrefixes());
        assertTrue(settings.reachable(PhoneNumber.parse("0100123456")));
        assertTrue(settings(Map.of("safaricomPrefixes", new String[0])).reachable(PhoneNumber.parse("0733123456")));
    }

    @ParameterizedTest
    @ValueSource(strings = { "7x", "20", "743-740", "740-75", "740-743-745", "-740", "254", "0", "71000000000" })
    void aWrongEntryIsNamedWithTheKey(String entry) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("safaricomPrefixes", new String[] { "70, " + entry })));
        assertEquals("io.stkpush.push: safaricomPrefixes must list the first digits of Safaricom numbers after 254,"
                + " such as 71, 110 or 740-743, not '" + entry + "'", refused.getMessage());
    }
}
