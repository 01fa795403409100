package io.stkpush.daraja.simulator.internal;

import java.time.Duration;

/**
 * Holds a request thread: how a lost or slow answer is simulated. Tests pass one that only records the duration.
 */
@FunctionalInterface
interface Hold {

    void hold(Duration duration);

    /** The real one. */
    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
