package io.stkpush.daraja.simulator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fault settings: how often a Daraja call gets a fault, which kinds are drawn, how long lost and slow answers
 * take, the spike-arrest rate limit, and the seed of the draws.
 *
 * @param ratePercent share of faulty calls, 0–100
 * @param kinds the kinds drawn from, uniformly; never empty
 * @param rateLimitPerSecond more calls than this within one clock second get spike arrest; 0: no limit
 * @param seed the draws' seed; 0: a random one
 */
record FaultSettings(double ratePercent, Set<FaultKind> kinds, Duration hold, Duration slowAnswer,
        int rateLimitPerSecond, long seed) {

    private static final Logger LOG = LoggerFactory.getLogger(FaultSettings.class);

    static final String ALL_KINDS = "server_error,timeout,slow,spike_arrest,token_invalid,malformed";

    FaultSettings {
        kinds = kinds.isEmpty() ? FaultKind.all() : Set.copyOf(kinds);
    }

    static FaultSettings none() {
        return new FaultSettings(0, FaultKind.all(), Duration.ofSeconds(35), Duration.ofSeconds(3), 0, 0);
    }

    static FaultSettings from(SimulatorConfig c) {
        return new FaultSettings(Math.min(100, Math.max(0, c.faultRate())), kinds(c.faults()),
                Duration.ofMillis(Math.max(0, c.faultHoldMillis())), Duration.ofMillis(Math.max(0, c.slowAnswerMillis())),
                Math.max(0, c.rateLimitPerSecond()), c.faultSeed());
    }

    /** A comma list of kind names; an unknown name is logged and left out, an empty list means every kind. */
    static Set<FaultKind> kinds(String list) {
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String name : list == null ? new String[0] : list.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                kinds.add(FaultKind.of(name));
            } catch (IllegalArgumentException e) {
                LOG.warn("Daraja simulator: unknown fault kind '{}' ignored; known: {}", name.trim(), ALL_KINDS);
            }
        }
        return kinds.isEmpty() ? FaultKind.all() : kinds;
    }

    FaultSettings withRate(double percent, FaultKind... only) {
        return new FaultSettings(percent, only.length == 0 ? FaultKind.all() : EnumSet.of(only[0], only), hold,
                slowAnswer, rateLimitPerSecond, seed);
    }

    FaultSettings withRateLimit(int perSecond) {
        return new FaultSettings(ratePercent, kinds, hold, slowAnswer, perSecond, seed);
    }

    FaultSettings withSeed(long newSeed) {
        return new FaultSettings(ratePercent, kinds, hold, slowAnswer, rateLimitPerSecond, newSeed);
    }

    /** The kinds that make sense for {@code api}, in a fixed order so that seeded draws repeat. */
    List<FaultKind> kindsFor(DarajaApi api) {
        List<FaultKind> applicable = new ArrayList<>();
        for (FaultKind kind : FaultKind.values()) {
            // a token call answered "invalid access token" means nothing: it carries no token
            if (kinds.contains(kind) && !(api == DarajaApi.TOKEN && kind == FaultKind.TOKEN_INVALID)) {
                applicable.add(kind);
            }
        }
        return applicable;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        kinds.stream().sorted().forEach(k -> names.add(k.key()));
        return "faultRate=" + ratePercent + "%, faults=" + String.join(",", names) + ", faultHold="
                + hold.toMillis() + "ms, slowAnswer=" + slowAnswer.toMillis() + "ms, rateLimitPerSecond="
                + rateLimitPerSecond + ", faultSeed=" + (seed == 0 ? "(random)" : seed);
    }
}
