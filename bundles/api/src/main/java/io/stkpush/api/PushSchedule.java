package io.stkpush.api;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * How long the operator waits for a push and when it is first asked about: one policy, owned by the poller (its
 * configuration {@code io.stkpush.poller}: every {@code intervalSeconds} for {@code attempts} queries, 8 s x 12 =
 * 96 s as shipped). The push service stamps each push's window from it ({@link Push#waitUntil()}); pages read the
 * window from the push, never from a constant.
 */
@ProviderType
public interface PushSchedule {

    /** How long the operator's dialog waits for an answer: the quick queries' interval times their number. */
    Duration waitingWindow();

    /** Delay between the provider accepting a push and its first status query. */
    Duration firstPoll();
}
