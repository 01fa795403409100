package io.stkpush.daraja.simulator.internal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The realistic subscribers' settings: which prompts they answer, how long they take, how the prompts end, how long
 * Daraja takes to call back and how many callbacks never come, and the seed of the draws.
 *
 * @param mode which prompts they answer; {@link RealisticMode#OFF} leaves every scenario as scripted
 * @param answerMin shortest time from the push to the subscriber's answer (uniform up to {@code answerMax})
 * @param callbackMin shortest time from the answer to its callback (uniform up to {@code callbackMax})
 * @param paid share of prompts paid; the five shares are weights, in percent when they add up to 100
 * @param noAnswer share of prompts nobody answers: 1037 when the prompt's lifetime is over
 * @param lostCallback percent (0–100) of ended prompts whose callback never comes; the query still tells
 * @param seed the draws' seed; 0: a random one
 */
record SubscriberSettings(RealisticMode mode, Duration answerMin, Duration answerMax, Duration callbackMin,
        Duration callbackMax, double paid, double cancelled, double wrongPin, double insufficient, double noAnswer,
        double lostCallback, long seed) {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriberSettings.class);

    /** Negative values count as 0, a maximum below its minimum as the minimum. */
    SubscriberSettings {
        answerMin = atLeastZero(answerMin);
        answerMax = later(answerMin, answerMax);
        callbackMin = atLeastZero(callbackMin);
        callbackMax = later(callbackMin, callbackMax);
        paid = Math.max(0, paid);
        cancelled = Math.max(0, cancelled);
        wrongPin = Math.max(0, wrongPin);
        insufficient = Math.max(0, insufficient);
        noAnswer = Math.max(0, noAnswer);
        lostCallback = Math.min(100, Math.max(0, lostCallback));
    }

    /** Off, with the defaults the mode uses when switched on. */
    static SubscriberSettings off() {
        return new SubscriberSettings(RealisticMode.OFF, Duration.ofSeconds(5), Duration.ofSeconds(40),
                Duration.ofMillis(500), Duration.ofSeconds(3), 80, 8, 4, 3, 5, 5, 0);
    }

    static SubscriberSettings from(SimulatorConfig c) {
        return new SubscriberSettings(mode(c.realisticMode()), Duration.ofMillis(c.answerDelayMinMillis()),
                Duration.ofMillis(c.answerDelayMaxMillis()), Duration.ofMillis(c.callbackDelayMinMillis()),
                Duration.ofMillis(c.callbackDelayMaxMillis()), c.paidPercent(), c.cancelledPercent(),
                c.wrongPinPercent(), c.insufficientPercent(), c.noAnswerPercent(), c.lostCallbackPercent(),
                c.realisticSeed());
    }

    /** An unknown name is logged and counts as {@code off}: a typo must not change every scenario. */
    static RealisticMode mode(String name) {
        if (name == null || name.isBlank()) {
            return RealisticMode.OFF;
        }
        try {
            return RealisticMode.of(name);
        } catch (IllegalArgumentException e) {
            LOG.warn("Daraja simulator: unknown realisticMode '{}' ignored (off); known: off, unscripted, all",
                    name.trim());
            return RealisticMode.OFF;
        }
    }

    SubscriberSettings withMode(RealisticMode newMode) {
        return new SubscriberSettings(newMode, answerMin, answerMax, callbackMin, callbackMax, paid, cancelled,
                wrongPin, insufficient, noAnswer, lostCallback, seed);
    }

    SubscriberSettings withAnswerDelay(Duration min, Duration max) {
        return new SubscriberSettings(mode, min, max, callbackMin, callbackMax, paid, cancelled, wrongPin,
                insufficient, noAnswer, lostCallback, seed);
    }

    SubscriberSettings withCallbackDelay(Duration min, Duration max) {
        return new SubscriberSettings(mode, answerMin, answerMax, min, max, paid, cancelled, wrongPin, insufficient,
                noAnswer, lostCallback, seed);
    }

    SubscriberSettings withShares(double newPaid, double newCancelled, double newWrongPin, double newInsufficient,
            double newNoAnswer) {
        return new SubscriberSettings(mode, answerMin, answerMax, callbackMin, callbackMax, newPaid, newCancelled,
                newWrongPin, newInsufficient, newNoAnswer, lostCallback, seed);
    }

    SubscriberSettings withLostCallbacks(double percent) {
        return new SubscriberSettings(mode, answerMin, answerMax, callbackMin, callbackMax, paid, cancelled, wrongPin,
                insufficient, noAnswer, percent, seed);
    }

    SubscriberSettings withSeed(long newSeed) {
        return new SubscriberSettings(mode, answerMin, answerMax, callbackMin, callbackMax, paid, cancelled, wrongPin,
                insufficient, noAnswer, lostCallback, newSeed);
    }

    private static Duration atLeastZero(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration later(Duration min, Duration max) {
        return max.compareTo(min) < 0 ? min : max;
    }

    @Override
    public String toString() {
        if (mode == RealisticMode.OFF) {
            return "realisticMode=off";
        }
        return "realisticMode=" + mode.key() + ", answerDelay=" + answerMin.toMillis() + "-" + answerMax.toMillis()
                + "ms, callbackDelay=" + callbackMin.toMillis() + "-" + callbackMax.toMillis() + "ms, shares paid/"
                + "cancelled/wrongPin/insufficient/noAnswer=" + paid + "/" + cancelled + "/" + wrongPin + "/"
                + insufficient + "/" + noAnswer + ", lostCallback=" + lostCallback + "%, realisticSeed="
                + (seed == 0 ? "(random)" : seed);
    }
}
