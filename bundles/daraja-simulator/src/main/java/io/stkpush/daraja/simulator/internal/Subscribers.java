package io.stkpush.daraja.simulator.internal;

import java.time.Duration;
import java.util.Random;

/**
 * The realistic subscribers ({@code realisticMode}): for each prompt they answer, draws how it ends, when, when its
 * callback comes and whether it never does. Four draws per prompt whatever comes out, so a seeded run gives the
 * same decisions for the same sequence of prompts.
 */
final class Subscribers {

    /**
     * What becomes of one prompt.
     *
     * @param answerAfter from the push to the end of the prompt (the prompt's lifetime for no answer)
     * @param callbackAfter from the end to its callback
     * @param callbackLost the callback never comes; only the status query tells
     */
    record Decision(Outcome outcome, Duration answerAfter, Duration callbackAfter, boolean callbackLost) {
    }

    // guarded by this
    private Random random;
    private SubscriberSettings seededFor;

    /**
     * @param promptLifetime when an unanswered prompt ends with 1037; a subscriber drawn to answer later than that
     *        is too late, and the prompt ends with 1037 too
     */
    synchronized Decision decide(SubscriberSettings s, Duration promptLifetime) {
        Random r = random(s);
        Outcome outcome = outcome(s, r.nextDouble());
        Duration answerAfter = uniform(s.answerMin(), s.answerMax(), r.nextDouble());
        Duration callbackAfter = uniform(s.callbackMin(), s.callbackMax(), r.nextDouble());
        boolean lost = r.nextDouble() * 100 < s.lostCallback();
        if (outcome == Outcome.NO_RESPONSE || answerAfter.compareTo(promptLifetime) >= 0) {
            return new Decision(Outcome.NO_RESPONSE, promptLifetime, callbackAfter, lost);
        }
        return new Decision(outcome, answerAfter, callbackAfter, lost);
    }

    /** Starts the draws again from the seed (0: a new random seed), as after {@code DELETE /daraja-sim/ledger}. */
    synchronized void restart() {
        random = null;
    }

    /** The shares are weights; none at all means everybody pays. */
    private static Outcome outcome(SubscriberSettings s, double draw) {
        double total = s.paid() + s.cancelled() + s.wrongPin() + s.insufficient() + s.noAnswer();
        if (total <= 0) {
            return Outcome.PAID;
        }
        double x = draw * total;
        if ((x -= s.paid()) < 0) {
            return Outcome.PAID;
        }
        if ((x -= s.cancelled()) < 0) {
            return Outcome.CANCELLED;
        }
        if ((x -= s.wrongPin()) < 0) {
            return Outcome.WRONG_PIN;
        }
        if ((x -= s.insufficient()) < 0) {
            return Outcome.INSUFFICIENT_BALANCE;
        }
        return s.noAnswer() > 0 ? Outcome.NO_RESPONSE : lastWithShare(s);
    }

    /** Rounding can leave x just past the sum: it belongs to the last outcome that has a share. */
    private static Outcome lastWithShare(SubscriberSettings s) {
        if (s.insufficient() > 0) {
            return Outcome.INSUFFICIENT_BALANCE;
        }
        if (s.wrongPin() > 0) {
            return Outcome.WRONG_PIN;
        }
        return s.cancelled() > 0 ? Outcome.CANCELLED : Outcome.PAID;
    }

    /** Whole milliseconds, each of [min, max] equally likely. */
    static Duration uniform(Duration min, Duration max, double draw) {
        long from = min.toMillis();
        long span = max.toMillis() - from + 1;
        return Duration.ofMillis(from + Math.min(span - 1, (long) (draw * span)));
    }

    /** New settings (or a restart) start a new sequence, so a seeded run repeats from its first prompt. */
    private Random random(SubscriberSettings s) {
        if (random == null || !s.equals(seededFor)) {
            random = s.seed() == 0 ? new Random() : new Random(s.seed());
            seededFor = s;
        }
        return random;
    }
}
