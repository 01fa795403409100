package io.stkpush.api;

import java.time.Instant;

/**
 * The callbacks waiting on one node for the ledger, at one moment.
 *
 * @param count            callbacks received and answered, not yet applied to the ledger
 * @param oldestReceivedAt when the oldest of them arrived, or {@code null} when none waits
 * @param problem          plain-language reason why callbacks cannot be kept (a callback arriving while the
 *                         ledger is down is then refused, and the provider does not send it again), else
 *                         {@code null}
 * @since 2.3
 */
public record WaitingCallbacks(int count, Instant oldestReceivedAt, String problem) {
}
