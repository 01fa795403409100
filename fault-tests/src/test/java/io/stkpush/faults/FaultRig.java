package io.stkpush.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What every fault test class runs against: a PostgreSQL of its own with a fresh database, the Daraja simulator in
 * its own Karaf, and one stkpush node (the Karaf under test) talking to both. The two Karafs boot side by side.
 * More nodes on the same database and simulator come from {@link #prepareNode}.
 */
final class FaultRig implements AutoCloseable {

    /**
     * Simulator delays that fit {@link StkpushNode#WINDOW_SECONDS}: scripted answers after 300 ms, an ignored
     * prompt expires (1037) after 3 s, inside the window; late payments (08, and 13 after its lost answer) come
     * 14 s after the push, well after the window; the lost answer is held longer than the client's read timeout.
     */
    static final Map<String, String> QUICK_SIMULATOR = Map.of("successDelay", "300", "promptLifetime", "3000",
            "lateSuccessDelay", "14000", "lostAnswerHold", String.valueOf(StkpushNode.READ_TIMEOUT_SECONDS * 1000
                    + 1000));

    final ThrowawayPostgres postgres;
    final String jdbcUrl;
    final String hmacKey = UUID.randomUUID() + "-" + UUID.randomUUID();
    private final List<AutoCloseable> started = new ArrayList<>();
    DarajaSimulator simulator;
    StkpushNode node;
    /** Every node started with the rig, {@link #node} first. */
    final List<StkpushNode> nodes = new ArrayList<>();

    private FaultRig(ThrowawayPostgres postgres, String jdbcUrl) {
        this.postgres = postgres;
        this.jdbcUrl = jdbcUrl;
        started.add(postgres);
    }

    /**
     * @param simulatorSettings replaces keys of {@link #QUICK_SIMULATOR}
     * @param nodeEtc           more etc lines for the node under test
     */
    static FaultRig start(Map<String, String> simulatorSettings, Map<String, List<String>> nodeEtc)
            throws Exception {
        return start(simulatorSettings, nodeEtc, List.of());
    }

    /**
     * @param moreNodes ids of more nodes on the same database, booted at the same moment as the first (so their
     *                  migrations race on the empty database), each with {@code nodeEtc} too; in {@link #nodes}
     */
    static FaultRig start(Map<String, String> simulatorSettings, Map<String, List<String>> nodeEtc,
            List<String> moreNodes) throws Exception {
        ThrowawayPostgres postgres = ThrowawayPostgres.start();
        FaultRig rig = new FaultRig(postgres, postgres.createDatabase("stkpush"));
        ExecutorService boot = Executors.newFixedThreadPool(2 + moreNodes.size());
        try {
            Map<String, String> settings = new HashMap<>(QUICK_SIMULATOR);
            settings.putAll(simulatorSettings);
            rig.simulator = DarajaSimulator.prepare(settings);
            rig.started.add(rig.simulator);
            rig.node = rig.prepareNode("node-a", nodeEtc);
            rig.nodes.add(rig.node);
            for (String id : moreNodes) {
                rig.nodes.add(rig.prepareNode(id, nodeEtc));
            }
            List<Future<?>> booting = new ArrayList<>();
            booting.add(boot.submit(() -> {
                rig.simulator.start();
                return null;
            }));
            for (StkpushNode n : rig.nodes) {
                booting.add(boot.submit(() -> {
                    n.start();
                    return null;
                }));
            }
            for (Future<?> f : booting) {
                f.get();
            }
        } catch (Throwable e) {
            rig.close();
            throw e;
        } finally {
            boot.shutdown();
        }
        return rig;
    }

    /** Another node on the same database, callback key and simulator, closed with the rig; not started yet. */
    StkpushNode prepareNode(String nodeId, Map<String, List<String>> etc) throws Exception {
        StkpushNode another = StkpushNode.prepare(nodeId, jdbcUrl, hmacKey, simulator, etc);
        started.add(another);
        return another;
    }

    /** Polls the ledger against the simulator's record until they agree; see {@link LedgerCheck}. */
    LedgerCheck ledgerCheck() {
        return new LedgerCheck(simulator, jdbcUrl);
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
