package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.util.Map;

import io.stkpush.api.LedgerHealth;
import io.stkpush.api.PaymentLedger;

import org.junit.jupiter.api.Test;

class HealthResourceTest {

    @Test
    void upWhenTheLedgerAnswers() {
        HealthResource.Report r = new HealthResource(ledgerReporting(new LedgerHealth(true, "H2", "2.2.224", "1", null)), "1.0")
                .report();
        assertEquals(200, r.httpStatus());
        Map<?, ?> body = (Map<?, ?>) r.body();
        assertEquals("UP", body.get("status"));
        assertEquals("1.0", body.get("version"));
        Map<?, ?> db = (Map<?, ?>) body.get("database");
        assertEquals("UP", db.get("status"));
        assertEquals("H2", db.get("product"));
        assertFalse(db.containsKey("reason"));
    }

    @Test
    void unavailableWithTheReasonWhenTheDatabaseIsDown() {
        HealthResource.Report r = new HealthResource(
                ledgerReporting(new LedgerHealth(false, null, null, null, "Connection refused")), "1.0").report();
        assertEquals(503, r.httpStatus());
        Map<?, ?> body = (Map<?, ?>) r.body();
        assertEquals("DOWN", body.get("status"));
        assertEquals("Connection refused", ((Map<?, ?>) body.get("database")).get("reason"));
    }

    @Test
    void unavailableWhenThereIsNoLedgerAtAll() {
        HealthResource.Report r = new HealthResource(null, "1.0").report();
        assertEquals(503, r.httpStatus());
        Map<?, ?> db = (Map<?, ?>) ((Map<?, ?>) r.body()).get("database");
        assertEquals("DOWN", db.get("status"));
        assertEquals("The payment ledger is not running: check the stkpush datasource configuration.",
                db.get("reason"));
    }

    /** Only health() is called by the resource; any other call fails the test. */
    static PaymentLedger ledgerReporting(LedgerHealth health) {
        return (PaymentLedger) Proxy.newProxyInstance(PaymentLedger.class.getClassLoader(),
                new Class<?>[] {PaymentLedger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("health")) {
                        return health;
                    }
                    throw new AssertionError("unexpected call " + method.getName());
                });
    }
}
