package io.stkpush.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How long the operator waits for a push and when M-Pesa is first asked about it: one policy, owned by the poller
 * (its configuration {@code io.stkpush.poller}: the window is {@code intervalSeconds} x {@code attempts}, 8 s x 12 =
 * 96 s as shipped; the first status query comes {@code firstQuerySeconds} after sending, once the callback is
 * overdue). The push service stamps each push's window from it ({@link Push#waitUntil()}); pages read the window
 * from the push, never from a constant.
 */
@ProviderType
public interface PushSchedule {

    /** How long the operator's dialog waits for an answer: the interval times the attempts. */
    Duration waitingWindow();

    /** Delay between the provider accepting a push and its first status query: when its callback is overdue. */
    Duration firstPoll();
}
