package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.stkpush.api.LedgerHealth;

/** The DS component, activated by hand the way SCR does it. */
class LedgerComponentTest {

    private final H2TestDatabase database = new H2TestDatabase("");

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void activationMigratesTheSchemaBeforeTheLedgerIsUsed() {
        LedgerComponent component = new LedgerComponent(database.newPool(), config("unredeemed"));

        LedgerHealth health = component.health();

        assertTrue(health.up());
        assertEquals("4", health.schemaVersion());
        assertEquals(LatePaymentPolicy.UNREDEEMED, component.latePaymentPolicy());
    }

    @Test
    void theLatePaymentPolicyChangesLive() {
        LedgerComponent component = new LedgerComponent(database.newPool(), config("unredeemed"));

        component.modified(config("auto-link"));

        assertEquals(LatePaymentPolicy.AUTO_LINK, component.latePaymentPolicy());
    }

    @Test
    void aBadPolicyValueKeepsWhatApplies() {
        LedgerComponent component = new LedgerComponent(database.newPool(), config("sometimes"));
        assertEquals(LatePaymentPolicy.UNREDEEMED, component.latePaymentPolicy());

        component.modified(config("auto-link"));
        component.modified(config("sometimes"));

        assertEquals(LatePaymentPolicy.AUTO_LINK, component.latePaymentPolicy());
    }

    private static LedgerConfig config(String latePaymentPolicy) {
        return new LedgerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LedgerConfig.class;
            }

            @Override
            public String latePaymentPolicy() {
                return latePaymentPolicy;
            }
        };
    }
}
