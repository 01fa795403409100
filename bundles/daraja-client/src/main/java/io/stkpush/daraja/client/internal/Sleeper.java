package io.stkpush.daraja.client.internal;

import java.time.Duration;

/** Waits; injected so tests of back-off and rate limiting run without waiting. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
