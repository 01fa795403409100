package io.stkpush.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The soak ({@code scripts/soak [minutes]}, not part of CI: its name is not {@code *IT}): the realistic mix at a
 * steady rate on PostgreSQL for {@code soak.minutes} (30 by default), then the ledger checked against what the
 * simulator charged. Prints pushes, payments, mismatches (must be 0), heap after a full GC and threads at the
 * start and the end, and the operator API's latency (p50, p99, max) for sending a push and reading one.
 */
class SoakRun {

    @Test
    void theMixAtASteadyRate() throws Exception {
        int minutes = Integer.getInteger("soak.minutes", 30);
        int perSecond = Integer.getInteger("soak.rate", 2);
        try (FaultRig rig = FaultRig.start(Map.of(), Map.of())) {
            ExternalKaraf karaf = rig.node.karaf();
            long heapAtStart = karaf.heapAfterGc();
            int threadsAtStart = karaf.threadNames().size();

            List<Long> sendMillis = Collections.synchronizedList(new ArrayList<>());
            List<Long> readMillis = Collections.synchronizedList(new ArrayList<>());
            List<PaymentMix.Sent> sent = Collections.synchronizedList(new ArrayList<>());
            Rotation mixes = new Rotation(rig.node.api());
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            ExecutorService senders = Executors.newFixedThreadPool(16);
            List<Future<?>> work = Collections.synchronizedList(new ArrayList<>());
            clock.scheduleAtFixedRate(() -> work.add(senders.submit(() -> {
                long started = System.nanoTime();
                PaymentMix.Sent s = mixes.next().sendNext();
                sendMillis.add((System.nanoTime() - started) / 1_000_000);
                sent.add(s);
                if (s.accepted()) {
                    long reading = System.nanoTime();
                    rig.node.api().get("/stkpush/api/pushes/" + s.pushId());
                    readMillis.add((System.nanoTime() - reading) / 1_000_000);
                }
                return null;
            })), 0, 1000 / perSecond, TimeUnit.MILLISECONDS);

            long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(10_000); // the soak's duration, not a wait for async work
                System.out.printf("soak: %d pushes sent so far%n", sent.size());
            }
            clock.shutdownNow();
            for (Future<?> f : new ArrayList<>(work)) {
                f.get(120, TimeUnit.SECONDS);
            }
            senders.shutdownNow();

            LedgerCheck.Result result = rig.ledgerCheck().acknowledged(sent).awaitAgreement(Duration.ofMinutes(3));
            long heapAtEnd = karaf.heapAfterGc();
            int threadsAtEnd = karaf.threadNames().size();

            System.out.println();
            System.out.println("| soak (" + minutes + " min, " + perSecond + " pushes/s, PostgreSQL) | figure |");
            System.out.println("|---|---|");
            System.out.println("| pushes sent / accepted | " + sent.size() + " / "
                    + sent.stream().filter(PaymentMix.Sent::accepted).count() + " |");
            System.out.println("| ledger vs. simulator | " + result.counts() + " |");
            System.out.println("| mismatches | " + result.mismatches().size() + " |");
            System.out.println("| heap after full GC, start → end | " + heapAtStart / (1024 * 1024) + " MB → "
                    + heapAtEnd / (1024 * 1024) + " MB |");
            System.out.println("| threads, start → end | " + threadsAtStart + " → " + threadsAtEnd + " |");
            System.out.println("| send a push: p50 / p99 / max | " + percentiles(sendMillis) + " |");
            System.out.println("| read a push: p50 / p99 / max | " + percentiles(readMillis) + " |");
            assertTrue(result.mismatches().isEmpty(), result.toString());
        }
    }

    private static String percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return "none";
        }
        return at(sorted, 0.50) + " ms / " + at(sorted, 0.99) + " ms / " + sorted.get(sorted.size() - 1) + " ms";
    }

    private static long at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }

    /** A mix has 1000 phones; a long soak moves on to the next block of phones before they run out. */
    private static final class Rotation {

        private final OperatorApi api;
        private PaymentMix current;
        private int block = 10;
        private int used;

        Rotation(OperatorApi api) {
            this.api = api;
            this.current = new PaymentMix(api, block);
        }

        synchronized PaymentMix next() {
            if (++used > 990) {
                current = new PaymentMix(api, ++block);
                used = 1;
            }
            return current;
        }
    }
}
