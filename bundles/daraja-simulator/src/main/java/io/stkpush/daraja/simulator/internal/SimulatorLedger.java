package io.stkpush.daraja.simulator.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The simulator's own record of what it did: every prompt that went out (once, however often it was queried or
 * called back) with how it ended, and counts of calls, faults, spike arrests and tokens. Fault tests check a
 * ledger under test against it ({@code GET /daraja-sim/ledger}).
 */
final class SimulatorLedger {

    /** The oldest prompts are forgotten beyond this many, so a long soak stays bounded. */
    static final int PROMPTS_KEPT = 100_000;

    // all guarded by this
    private final Map<String, Prompt> prompts = new LinkedHashMap<>();
    private final Map<DarajaApi, Long> requests = new EnumMap<>(DarajaApi.class);
    private final Map<FaultKind, Long> faults = new EnumMap<>(FaultKind.class);
    private final Map<DarajaApi, Long> spikeArrestsByCall = new EnumMap<>(DarajaApi.class);
    private long spikeArrests;
    private long busiestSecond;
    private long tokensIssued;

    synchronized void prompt(Prompt prompt) {
        prompts.put(prompt.checkoutRequestId(), prompt);
        Iterator<Prompt> oldestFirst = prompts.values().iterator();
        while (prompts.size() > PROMPTS_KEPT && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }

    synchronized void request(DarajaApi api) {
        requests.merge(api, 1L, Long::sum);
    }

    synchronized void fault(FaultKind kind) {
        faults.merge(kind, 1L, Long::sum);
    }

    /** A call refused by the rate limit (a drawn {@code spike_arrest} fault counts under faults instead). */
    synchronized void spikeArrest(DarajaApi api) {
        spikeArrests++;
        spikeArrestsByCall.merge(api, 1L, Long::sum);
    }

    /** {@code calls} Daraja calls arrived within the current clock second so far; the most is kept. */
    synchronized void callsInOneSecond(long calls) {
        busiestSecond = Math.max(busiestSecond, calls);
    }

    synchronized void tokenIssued() {
        tokensIssued++;
    }

    /** Forgets every prompt and count: a test starts clean. Prompts still open end unrecorded. */
    synchronized void clear() {
        prompts.clear();
        requests.clear();
        faults.clear();
        spikeArrestsByCall.clear();
        spikeArrests = 0;
        busiestSecond = 0;
        tokensIssued = 0;
    }

    /**
     * {@code {"prompts":[…],"requests":{…},"faults":{…},"spikeArrests","spikeArrestsByCall":{…},"busiestSecond",
     * "tokensIssued"}}, prompts oldest first.
     *
     * @param digits only prompts to numbers ending in these digits; null: all
     */
    ObjectNode json(String digits) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("prompts");
        List<Prompt> listed;
        synchronized (this) {
            listed = new ArrayList<>(prompts.values());
            ObjectNode calls = body.putObject("requests");
            for (DarajaApi api : DarajaApi.values()) {
                calls.put(api.key(), requests.getOrDefault(api, 0L));
            }
            ObjectNode drawn = body.putObject("faults");
            for (FaultKind kind : FaultKind.values()) {
                drawn.put(kind.key(), faults.getOrDefault(kind, 0L));
            }
            body.put("spikeArrests", spikeArrests);
            ObjectNode arrested = body.putObject("spikeArrestsByCall");
            for (DarajaApi api : DarajaApi.values()) {
                arrested.put(api.key(), spikeArrestsByCall.getOrDefault(api, 0L));
            }
            body.put("busiestSecond", busiestSecond);
            body.put("tokensIssued", tokensIssued);
        }
        // outside the lock: every Daraja call is counted here, and a long list must not hold them up
        for (Prompt p : listed) {
            if (digits == null || p.phone().value().endsWith(digits)) {
                list.add(p.ledgerEntry());
            }
        }
        return body;
    }
}
