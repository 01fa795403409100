package io.stkpush.callback.internal;

import static io.stkpush.callback.internal.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;

import io.stkpush.api.PushId;
import io.stkpush.callback.internal.TestConfigs.MemoryConfigAdmin;

import org.junit.jupiter.api.Test;

class CallbackGuardTest {

    private final MemoryConfigAdmin configAdmin = new MemoryConfigAdmin();
    private final PushId push = PushId.random();

    @Test
    void theStkUrlIsRelativeAndCarriesThePushAndItsToken() {
        CallbackGuard guard = new CallbackGuard(configAdmin.service(), config("hmacKey", "k".repeat(40)));
        URI url = guard.stkCallback(push);
        assertFalse(url.isAbsolute());
        assertEquals("/hooks/daraja/stk/" + push + "/" + new HookTokens("k".repeat(40)).stkToken(push),
                url.toString());
        assertTrue(guard.settings().tokens().isStkToken(push, url.getPath().substring(url.getPath().lastIndexOf('/') + 1)));
        assertTrue(configAdmin.updates.isEmpty(), "a configured key is not written back");
    }

    @Test
    void withoutAKeyOneIsGeneratedSavedAndUsedAgainAfterARestart() {
        CallbackGuard first = new CallbackGuard(configAdmin.service(), config("allowListMode", "enforce"));
        assertEquals(1, configAdmin.updates.size());
        String saved = (String) configAdmin.updates.get(0).get("hmacKey");
        assertTrue(saved.matches("[0-9a-f]{64}"));
        assertEquals("enforce", first.settings().senders().mode().name().toLowerCase());

        // the restart: DS hands over the configuration as Config Admin now holds it
        CallbackGuard restarted = new CallbackGuard(configAdmin.service(), config("hmacKey", saved));
        assertEquals(first.stkCallback(push), restarted.stkCallback(push));
        assertEquals(first.c2bConfirmation(), restarted.c2bConfirmation());
    }

    @Test
    void existingPropertiesAreKeptWhenTheKeyIsSaved() {
        configAdmin.stored.put(CallbackConfig.PID, new java.util.Hashtable<>(java.util.Map.of(
                "allowListMode", "off", "felix.fileinstall.filename", "file:/etc/io.stkpush.callback.cfg")));
        new CallbackGuard(configAdmin.service(), config("allowListMode", "off"));
        assertEquals("off", configAdmin.stored.get(CallbackConfig.PID).get("allowListMode"));
        assertEquals("file:/etc/io.stkpush.callback.cfg",
                configAdmin.stored.get(CallbackConfig.PID).get("felix.fileinstall.filename"));
        assertTrue(configAdmin.stored.get(CallbackConfig.PID).get("hmacKey") instanceof String);
    }

    @Test
    void aKeyThatCannotBeSavedIsStillUsed() {
        configAdmin.broken = true;
        CallbackGuard guard = new CallbackGuard(configAdmin.service(), config());
        assertTrue(guard.settings().tokens().isStkToken(push, guard.settings().tokens().stkToken(push)));
    }

    @Test
    void changesApplyLiveAndAnEmptyKeyKeepsTheKeyInUse() {
        CallbackGuard guard = new CallbackGuard(configAdmin.service(), config("hmacKey", "first key, long enough......."));
        URI before = guard.stkCallback(push);

        guard.modified(config("maxBodyBytes", 2048, "allowListMode", "off"));
        assertEquals(before, guard.stkCallback(push), "an emptied key must not break URLs in flight");
        assertEquals(2048, guard.settings().maxBodyBytes());
        assertEquals(AllowListMode.OFF, guard.settings().senders().mode());

        guard.modified(config("hmacKey", "second key, long enough......"));
        assertNotEquals(before, guard.stkCallback(push));
    }

    @Test
    void aWrongChangeIsIgnoredAndAWrongStartFails() {
        CallbackGuard guard = new CallbackGuard(configAdmin.service(), config("hmacKey", "x".repeat(32)));
        CallbackSettings before = guard.settings();
        guard.modified(config("hmacKey", "x".repeat(32), "allowList", new String[] {"not-an-address"}));
        guard.modified(config("hmacKey", "x".repeat(32), "allowListMode", "strict"));
        guard.modified(config("hmacKey", "x".repeat(32), "maxBodyBytes", 10));
        assertEquals(before, guard.settings());

        assertThrows(IllegalArgumentException.class, () -> new CallbackGuard(configAdmin.service(),
                config("trustedProxies", new String[] {"proxy.local"})));
    }

    @Test
    void theDefaultAllowListIsSafaricomsTwelveAddressesInLogMode() {
        CallbackGuard guard = new CallbackGuard(configAdmin.service(), config("hmacKey", "x".repeat(32)));
        SenderCheck senders = guard.settings().senders();
        assertEquals(AllowListMode.LOG, senders.mode());
        assertEquals(SenderCheck.Verdict.ALLOWED, senders.check("196.201.214.200"));
        assertEquals(SenderCheck.Verdict.ALLOWED, senders.check("196.201.212.69"));
        assertEquals(SenderCheck.Verdict.UNLISTED, senders.check("196.201.212.70"));
        assertEquals(65536, guard.settings().maxBodyBytes());
    }
}
