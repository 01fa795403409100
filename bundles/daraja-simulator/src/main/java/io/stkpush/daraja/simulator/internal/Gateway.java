package io.stkpush.daraja.simulator.internal;

import java.time.Clock;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Daraja's API gateway in front of the simulated M-Pesa: counts every call, applies spike arrest
 * ({@code rateLimitPerSecond}) and draws faults ({@code faultRate}, {@code faults}). Whatever it draws, the
 * simulator stays consistent: a prompt is sent at most once per request, and a prompt that went out is in the
 * ledger and ends as its scenario says.
 */
final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    /** One draw: the kind and which of its {@link FaultKind#variants()}. */
    record Fault(FaultKind kind, int variant) {

        /** SERVER_ERROR: 500 for even variants, 503 for odd ones. */
        int status() {
            return variant % 2 == 0 ? 500 : 503;
        }

        /** SERVER_ERROR on a push: the prompt went out before the answer failed (variants 2 and 3). */
        boolean promptSent() {
            return variant >= 2;
        }
    }

    private static final Fault RATE_LIMITED = new Fault(FaultKind.SPIKE_ARREST, -1);

    private final Clock clock;
    private final SimulatorLedger ledger;
    private final Supplier<FaultSettings> settings;

    // guarded by this
    private Random random;
    private FaultSettings seededFor;
    private long second = Long.MIN_VALUE;
    private int callsThisSecond;
    /** Counted only while a limit is set: switched on, it starts with the next call. */
    private int limitedCallsThisSecond;

    Gateway(Clock clock, SimulatorLedger ledger, Supplier<FaultSettings> settings) {
        this.clock = clock;
        this.ledger = ledger;
        this.settings = settings;
    }

    /**
     * Answers one Daraja call: normally {@code endpoint}'s answer; under a fault, the fault's answer, with the
     * endpoint's work done first where the fault kind says so.
     *
     * @param endpoint the call's real work and answer; never throws (see {@link Answers#daraja})
     */
    Response answer(DarajaApi api, Hold hold, Supplier<Response> endpoint) {
        ledger.request(api);
        FaultSettings s = settings.get();
        Fault fault = draw(api, s);
        if (fault == null) {
            return endpoint.get();
        }
        if (fault == RATE_LIMITED) {
            ledger.spikeArrest(api);
            LOG.info("Daraja simulator: {} call over {} per second, spike arrest", api.key(), s.rateLimitPerSecond());
            return DarajaError.spikeArrest().response();
        }
        ledger.fault(fault.kind());
        LOG.info("Daraja simulator fault on {}: {}", api.key(), fault.kind().key());
        return switch (fault.kind()) {
            case SPIKE_ARREST -> DarajaError.spikeArrest().response();
            case TOKEN_INVALID -> DarajaError.invalidAccessToken().response();
            case SERVER_ERROR -> {
                // a gateway error after M-Pesa sent the prompt is why a client must treat a 5xx as "unknown"
                if (api == DarajaApi.STK_PUSH && fault.promptSent()) {
                    endpoint.get();
                }
                yield DarajaError.serverError(fault.status()).response();
            }
            case TIMEOUT -> {
                endpoint.get();
                hold.hold(s.hold());
                yield Response.status(Response.Status.GATEWAY_TIMEOUT).build();
            }
            case SLOW -> {
                hold.hold(s.slowAnswer());
                yield endpoint.get();
            }
            case MALFORMED -> malformed(endpoint.get(), fault.variant());
        };
    }

    /** Starts the draws again from the seed (0: a new random seed), as after {@code DELETE /daraja-sim/ledger}. */
    synchronized void restart() {
        random = null;
    }

    /**
     * Spike arrest counts every Daraja call together (pushes, queries, tokens, registrations) within one clock
     * second, as Daraja limits an app as a whole. All calls are counted with the limit off too, for the ledger's
     * busiest second.
     */
    private synchronized Fault draw(DarajaApi api, FaultSettings s) {
        long now = Math.floorDiv(clock.millis(), 1000);
        if (now != second) {
            second = now;
            callsThisSecond = 0;
            limitedCallsThisSecond = 0;
        }
        ledger.callsInOneSecond(++callsThisSecond);
        if (s.rateLimitPerSecond() > 0 && ++limitedCallsThisSecond > s.rateLimitPerSecond()) {
            return RATE_LIMITED;
        }
        if (!api.faulty() || s.ratePercent() <= 0) {
            return null;
        }
        Random r = random(s);
        if (r.nextDouble() * 100 >= s.ratePercent()) {
            return null;
        }
        List<FaultKind> kinds = s.kindsFor(api);
        if (kinds.isEmpty()) {
            return null;
        }
        FaultKind kind = kinds.get(r.nextInt(kinds.size()));
        return new Fault(kind, r.nextInt(kind.variants()));
    }

    /** New settings (or a restart) start a new sequence, so a seeded run repeats from its first call. */
    private Random random(FaultSettings s) {
        if (random == null || !s.equals(seededFor)) {
            random = s.seed() == 0 ? new Random() : new Random(s.seed());
            seededFor = s;
        }
        return random;
    }

    /** HTTP 200 with a body a JSON client cannot read; the real answer, when there is one, is cut in half. */
    private static Response malformed(Response real, int variant) {
        return switch (variant) {
            case 0 -> Response.ok("upstream connect error or disconnect/reset before headers",
                    MediaType.APPLICATION_JSON_TYPE).build();
            case 1 -> {
                String json = text(real);
                yield Response.ok(json.substring(0, json.length() / 2), MediaType.APPLICATION_JSON_TYPE).build();
            }
            default -> Response.ok("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
                    + "Gateway</h1></center><hr><center>nginx</center></body></html>",
                    MediaType.TEXT_HTML + ";charset=utf-8").build();
        };
    }

    private static String text(Response real) {
        if (real.getEntity() instanceof JsonNode node) {
            try {
                return RequestBody.JSON.writeValueAsString(node);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree always serialises", e);
            }
        }
        return "{\"ResponseCode\":\"0\",\"ResponseDescription\":\"Success. Request accepted for processing\"}";
    }
}
