package io.stkpush.daraja.simulator.internal;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
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
    private long spikeArrests;
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
    synchronized void spikeArrest() {
        spikeArrests++;
    }

    synchronized void tokenIssued() {
        tokensIssued++;
    }

    /** Forgets every prompt and count: a test starts clean. Prompts still open end unrecorded. */
    synchronized void clear() {
        prompts.clear();
        requests.clear();
        faults.clear();
        spikeArrests = 0;
        tokensIssued = 0;
    }

    /**
     * {@code {"prompts":[…],"requests":{…},"faults":{…},"spikeArrests","tokensIssued"}}, prompts oldest first.
     *
     * @param digits only prompts to numbers ending in these digits; null: all
     */
    synchronized ObjectNode json(String digits) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("prompts");
        for (Prompt p : prompts.values()) {
            if (digits == null || p.phone().value().endsWith(digits)) {
                list.add(p.ledgerEntry());
            }
        }
        ObjectNode calls = body.putObject("requests");
        for (DarajaApi api : DarajaApi.values()) {
            calls.put(api.key(), requests.getOrDefault(api, 0L));
        }
        ObjectNode drawn = body.putObject("faults");
        for (FaultKind kind : FaultKind.values()) {
            drawn.put(kind.key(), faults.getOrDefault(kind, 0L));
        }
        body.put("spikeArrests", spikeArrests);
        body.put("tokensIssued", tokensIssued);
        return body;
    }
}
