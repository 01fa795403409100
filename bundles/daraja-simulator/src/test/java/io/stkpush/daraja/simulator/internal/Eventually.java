package io.stkpush.daraja.simulator.internal;

import java.util.function.BooleanSupplier;

/** Polls with a deadline instead of sleeping for a guessed time. */
final class Eventually {

    private static final long DEADLINE_MS = 5_000;

    private Eventually() {
    }

    static void until(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
