package io.stkpush.callback.internal;

import java.util.function.Supplier;

import io.stkpush.api.LedgerHealthCheck;

/** Whether the payment ledger's database is known to answer, for the replays that must tell its failures apart. */
final class LedgerState {

    private LedgerState() {
    }

    /**
     * Only a database known to answer makes a failure the message's own; a missing health check, a DOWN answer or a
     * check that fails means "unknown": wait.
     */
    static boolean answers(Supplier<LedgerHealthCheck> health) {
        LedgerHealthCheck check = health.get();
        try {
            return check != null && check.health().up();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
