package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Proxy;
import java.util.Hashtable;
import java.util.Map;

import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

class HealthResourceTest {

    @Test
    void upWhenTheLedgerAnswers() {
        HealthResource.Report r = new HealthResource(() -> new LedgerHealth(true, "H2", "2.2.224", "1", null),
                bundleOfVersion("1.0")).report();
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
                () -> new LedgerHealth(false, null, null, null, "Connection refused"), bundleOfVersion("1.0"))
                .report();
        assertEquals(503, r.httpStatus());
        Map<?, ?> body = (Map<?, ?>) r.body();
        assertEquals("DOWN", body.get("status"));
        assertEquals("Connection refused", ((Map<?, ?>) body.get("database")).get("reason"));
    }

    @Test
    void unavailableWhenThereIsNoLedgerAtAll() {
        HealthResource.Report r = new HealthResource(null, bundleOfVersion("1.0")).report();
        assertEquals(503, r.httpStatus());
        Map<?, ?> db = (Map<?, ?>) ((Map<?, ?>) r.body()).get("database");
        assertEquals("DOWN", db.get("status"));
        assertEquals("The payment ledger is not running: check the stkpush datasource configuration.",
                db.get("reason"));
    }

    /** The portal bundle's context as the resource reads it: only its {@code Stkpush-Version} header. */
    static BundleContext bundleOfVersion(String version) {
        Hashtable<String, String> headers = new Hashtable<>(Map.of("Stkpush-Version", version));
        Bundle bundle = only(Bundle.class, "getHeaders", headers);
        return only(BundleContext.class, "getBundle", bundle);
    }

    /** A {@code type} answering {@code method} with {@code answer}; any other call fails the test. */
    private static <T> T only(Class<T> type, String method, Object answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, called, args) -> {
                    if (called.getName().equals(method) && (args == null || args.length == 0)) {
                        return answer;
                    }
                    throw new AssertionError("unexpected call " + called.getName());
                }));
    }
}
