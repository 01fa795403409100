package io.stkpush.renewal.internal;

import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.SubscriberId;
import io.stkpush.host.Plan;
import io.stkpush.host.RenewalResult;
import io.stkpush.host.RenewalService;

/** A host's Renew / Change Plan that counts its calls per payment and fails or stalls when told to. */
final class CountingHost implements RenewalService {

    static final Plan HOME = new Plan("home-10", "Home 10 Mbps", Kes.of(1500), Period.ofMonths(1));
    static final Plan CHEAP = new Plan("lite-2", "Lite 2 Mbps", Kes.of(500), Period.ofDays(7));
    static final Instant NEW_EXPIRY = Instant.parse("2026-04-02T09:00:00Z");

    final Map<PaymentId, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();
    /** Calls still to fail (by throwing) before the host works again. */
    final AtomicInteger failuresToCome = new AtomicInteger();
    /** When set, each call refuses with these words instead of renewing. */
    volatile String refusal;
    /** When set, each call waits for it to open (to hold two callers inside at once, if the lease allowed it). */
    volatile CountDownLatch gate;

    @Override
    public List<Plan> plans() {
        return List.of(CHEAP, HOME);
    }

    @Override
    public Optional<Plan> plan(String planId) {
        return plans().stream().filter(p -> p.id().equals(planId)).findFirst();
    }

    @Override
    public RenewalResult renew(SubscriberId subscriberId, String planId, PaymentId paymentId, OperatorName operator) {
        total.incrementAndGet();
        calls.computeIfAbsent(paymentId, id -> new AtomicInteger()).incrementAndGet();
        CountDownLatch wait = gate;
        if (wait != null) {
            try {
                wait.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("billing database down");
        }
        if (refusal != null) {
            return new RenewalResult(false, null, refusal);
        }
        return new RenewalResult(true, NEW_EXPIRY, "Renewed on " + plan(planId).orElseThrow().name() + " until 2026-04-02.");
    }

    int callsFor(PaymentId paymentId) {
        AtomicInteger n = calls.get(paymentId);
        return n == null ? 0 : n.get();
    }
}
