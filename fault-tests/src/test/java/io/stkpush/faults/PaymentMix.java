package io.stkpush.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A realistic mix of pushes through the public operator API ({@code POST /stkpush/api/pushes}), each to a phone
 * of its own whose last two digits pick the simulator's scenario. Distinct phones: stkpush refuses a second
 * prompt to a phone that has one open, and the ledger check matches prompts to pushes by phone.
 */
final class PaymentMix {

    /** The scenarios of the mix, and how the operator should find each push once everything has settled. */
    enum Scenario {
        PAID("00", "CONFIRMED"),
        CANCELLED("01", "CANCELLED"),
        WRONG_PIN("03", "FAILED"),
        NO_RESPONSE("04", "TIMEOUT"),
        CALLBACK_LOST("05", "CONFIRMED"),
        THREE_CALLBACKS("06", "CONFIRMED"),
        /** Paid after the window: TIMEOUT, and the payment held unredeemed ({@code late_payment}). */
        PAID_LATE("08", "TIMEOUT"),
        /** No answer to the push (no CheckoutRequestID), left for review, then paid late with a callback. */
        ANSWER_LOST("13", "TIMEOUT");

        final String ending;
        final String status;

        Scenario(String ending, String status) {
            this.ending = ending;
            this.status = status;
        }

        /** Whether the simulator charges the phone. */
        boolean paid() {
            return this != CANCELLED && this != WRONG_PIN && this != NO_RESPONSE;
        }

        /** Paid after the operator's window by design: the payment is late, whatever else happens. */
        boolean paidLate() {
            return this == PAID_LATE || this == ANSWER_LOST;
        }

        /** The scenario a phone (any form) gets, or {@code null} for one outside the mix. */
        static Scenario of(String phone) {
            for (Scenario s : values()) {
                if (phone != null && phone.endsWith(s.ending)) {
                    return s;
                }
            }
            return null;
        }
    }

    /** One push as the operator sent it, with the API's answer (202 with the push, or a refusal). */
    record Sent(Scenario scenario, String phone, String subscriberId, long amount, OperatorApi.Reply reply) {

        boolean accepted() {
            return reply != null && reply.status() == 202;
        }

        String pushId() {
            return accepted() ? reply.json().path("pushId").asText() : null;
        }
    }

    private final OperatorApi api;
    private final int block;
    private final AtomicInteger sequence = new AtomicInteger();

    /**
     * @param block 0–99: the phone range of this mix ({@code 071} + block + sequence + ending), so mixes sent
     *              to one simulator never share a phone; after 1000 pushes the mix goes on in the next block
     */
    PaymentMix(OperatorApi api, int block) {
        this.api = api;
        this.block = block;
    }

    /** Sends {@code count} pushes, the scenarios in turn, eight at a time; returns when every answer is in. */
    List<Sent> send(int count) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Sent>> sending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sending.add(senders.submit(this::sendNext));
            }
            List<Sent> sent = new ArrayList<>();
            for (Future<Sent> s : sending) {
                sent.add(s.get());
            }
            return sent;
        } finally {
            senders.shutdownNow();
        }
    }

    /** Sends {@code perSecond} pushes a second from background threads until {@link Steady#stop()}. */
    Steady steady(int perSecond) {
        return new Steady(perSecond);
    }

    /** The next push of the mix; a refusal or an error is kept as the answer, not thrown. */
    Sent sendNext() {
        int n = sequence.getAndIncrement();
        // a block has 1000 phones; a long run goes on in the blocks after its own
        int blockNow = block + n / 1000;
        if (blockNow > 99) {
            throw new IllegalStateException("no phone left: the mix used every block from " + block);
        }
        int k = n % 1000;
        Scenario scenario = Scenario.values()[n % Scenario.values().length];
        String phone = String.format("071%02d%03d%s", blockNow, k, scenario.ending);
        String subscriberId = String.format("sub-%04d", 15 + n % 36); // the demo's sub-0015 … sub-0050
        long amount = 10 + k + 1000L * blockNow; // mixes on one ledger never ask one subscriber for one amount twice
        OperatorApi.Reply reply;
        try {
            reply = api.post("/stkpush/api/pushes", OperatorApi.JSON.createObjectNode()
                    .put("subscriberId", subscriberId).put("phone", phone).put("amount", amount).toString());
        } catch (Exception e) {
            reply = new OperatorApi.Reply(-1, e.toString());
        }
        return new Sent(scenario, phone, subscriberId, amount, reply);
    }

    /** A steady stream of pushes. */
    final class Steady {

        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private final ExecutorService senders = Executors.newFixedThreadPool(16);
        private final List<Future<Sent>> sending = Collections.synchronizedList(new ArrayList<>());

        private Steady(int perSecond) {
            clock.scheduleAtFixedRate(() -> sending.add(senders.submit(PaymentMix.this::sendNext)), 0,
                    1000 / perSecond, TimeUnit.MILLISECONDS);
        }

        /** Stops sending and returns every push sent, once each has its answer. */
        List<Sent> stop() throws Exception {
            clock.shutdownNow();
            clock.awaitTermination(10, TimeUnit.SECONDS);
            List<Sent> sent = new ArrayList<>();
            synchronized (sending) {
                for (Future<Sent> s : sending) {
                    sent.add(s.get(120, TimeUnit.SECONDS));
                }
            }
            senders.shutdownNow();
            return sent;
        }
    }
}
