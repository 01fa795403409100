package io.stkpush.bench;

import java.util.Arrays;

/** Request times of one run, in nanoseconds; percentiles by nearest rank. */
final class Latencies {

    private final long[] nanos;
    private int count;

    Latencies(int capacity) {
        this.nanos = new long[capacity];
    }

    synchronized void add(long elapsedNanos) {
        nanos[count++] = elapsedNanos;
    }

    /** The p-th percentile (0 < p <= 100) in milliseconds. */
    synchronized double millis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)] / 1e6;
    }

    synchronized double maxMillis() {
        return millis(100);
    }
}
