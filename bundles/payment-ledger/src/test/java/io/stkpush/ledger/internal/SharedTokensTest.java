package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.stkpush.api.provider.SharedToken;
import io.stkpush.api.provider.SharedTokens.TokenRequest;

/**
 * The provider token shared by every node ({@code provider_token}, schema 7) on H2, H2 in PostgreSQL mode and, given
 * {@code -Dstkpush.test.pg.url}, PostgreSQL, each node with its own connection pool: nodes renewing at once ask the
 * provider once between them, and no credential in the account's name is stored.
 */
class SharedTokensTest {

    private static final String ACCOUNT = "daraja https://sandbox.safaricom.co.ke ck-Kx7Qp2Lm9Vw4";
    private static final Instant NOW = Instant.parse("2026-03-01T06:24:08Z");

    /** A failure of the provider's own, checked, as a token request may throw. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private TestDatabase database;
    private final AtomicInteger asked = new AtomicInteger();

    static Stream<String> databases() {
        return Stream.of("H2", "H2 in PostgreSQL mode", "PostgreSQL");
    }

    private JdbcSharedTokens node(String kind) throws Exception {
        if (database == null) {
            database = switch (kind) {
                case "H2" -> new H2TestDatabase("");
                case "H2 in PostgreSQL mode" -> new H2TestDatabase(";MODE=PostgreSQL");
                default -> {
                    String url = System.getProperty("stkpush.test.pg.url", "").strip();
                    assumeFalse(url.isEmpty(), "no stkpush.test.pg.url: PostgreSQL tests skipped");
                    yield new PostgresTestDatabase(url);
                }
            };
            LedgerSchema.migrate(database.newPool());
        }
        // each node has its own pool, as two Karaf JVMs on one database have
        return new JdbcSharedTokens(new LedgerDatabase(database.newPool(), Clock.systemUTC()));
    }

    @AfterEach
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    /** A token request that counts how often the provider was asked. */
    private TokenRequest<Refused> issuing(String value, String node) {
        return () -> {
            asked.incrementAndGet();
            return new SharedToken(value, NOW.plusSeconds(2880), NOW, node);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void noTokenUntilOneIsStored(String kind) throws Exception {
        assertTrue(node(kind).current(ACCOUNT).isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theFirstRenewalAsksAndEveryNodeReadsItsToken(String kind) throws Exception {
        JdbcSharedTokens a = node(kind);
        JdbcSharedTokens b = node(kind);

        SharedToken renewed = a.renew(ACCOUNT, null, NOW, issuing("tok-a", "billing-1 pid 11"));

        assertEquals("tok-a", renewed.value());
        assertEquals(1, asked.get());
        SharedToken read = b.current(ACCOUNT).orElseThrow();
        assertEquals("tok-a", read.value());
        assertEquals(NOW.plusSeconds(2880), read.refreshAt());
        assertEquals(NOW, read.fetchedAt());
        assertEquals("billing-1 pid 11", read.fetchedBy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aTokenAnotherNodeRenewedMeanwhileIsReturnedWithoutAsking(String kind) throws Exception {
        JdbcSharedTokens a = node(kind);
        JdbcSharedTokens b = node(kind);
        a.renew(ACCOUNT, null, NOW, issuing("tok-1", "a"));
        // both saw tok-1 refused; b renewed first
        b.renew(ACCOUNT, "tok-1", NOW, issuing("tok-2", "b"));

        SharedToken onA = a.renew(ACCOUNT, "tok-1", NOW, issuing("tok-3", "a"));

        assertEquals("tok-2", onA.value());
        assertEquals("b", onA.fetchedBy());
        assertEquals(2, asked.get(), "a did not ask");
        // a first renewal that finds a token stored meanwhile takes it too
        assertEquals("tok-2", node(kind).renew(ACCOUNT, null, NOW, issuing("tok-4", "c")).value());
        assertEquals(2, asked.get());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theTokenExpectedOrAStaleOneIsRenewed(String kind) throws Exception {
        JdbcSharedTokens a = node(kind);
        a.renew(ACCOUNT, null, NOW, issuing("tok-1", "a"));

        assertEquals("tok-2", a.renew(ACCOUNT, "tok-1", NOW, issuing("tok-2", "a")).value());
        // a node whose own token (never stored) was refused, while the stored one is past its refresh time
        Instant later = NOW.plusSeconds(2880);
        assertEquals("tok-3", a.renew(ACCOUNT, "tok-local", later, issuing("tok-3", "a")).value());

        assertEquals(3, asked.get());
        assertEquals("tok-3", a.current(ACCOUNT).orElseThrow().value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void nodesRenewingTheSameTokenAtOnceAskOnceBetweenThem(String kind) throws Exception {
        JdbcSharedTokens first = node(kind);
        first.renew(ACCOUNT, null, NOW, issuing("tok-old", "n0"));
        asked.set(0);

        List<SharedToken> renewed = race(kind, "tok-old");

        assertEquals(1, asked.get(), "one node asked the provider");
        assertEquals(1, new HashSet<>(renewed.stream().map(SharedToken::value).toList()).size(), renewed.toString());
        assertEquals(renewed.get(0).value(), first.current(ACCOUNT).orElseThrow().value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void nodesAskingForTheFirstTokenAtOnceAskOnceBetweenThem(String kind) throws Exception {
        node(kind); // the database, migrated

        List<SharedToken> renewed = race(kind, null);

        assertEquals(1, asked.get(), "one node asked the provider");
        assertEquals(1, new HashSet<>(renewed.stream().map(SharedToken::value).toList()).size(), renewed.toString());
    }

    /** Eight nodes renew {@code expected} at once; each would be given a token of its own. */
    private List<SharedToken> race(String kind, String expected) throws Exception {
        int nodes = 8;
        List<Callable<?>> tasks = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            JdbcSharedTokens store = node(kind);
            TokenRequest<Refused> request = issuing("tok-new-" + i, "n" + i);
            tasks.add(() -> store.renew(ACCOUNT, expected, NOW, request));
        }
        List<Object> results = PaymentLedgerContract.race(nodes, tasks.toArray(Callable<?>[]::new));
        List<SharedToken> tokens = new ArrayList<>();
        for (Object result : results) {
            assertTrue(result instanceof SharedToken, String.valueOf(result));
            tokens.add((SharedToken) result);
        }
        return tokens;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFailedRequestIsPassedOnAndStoresNothing(String kind) throws Exception {
        JdbcSharedTokens a = node(kind);
        a.renew(ACCOUNT, null, NOW, issuing("tok-1", "a"));
        Refused refused = new Refused();

        Refused thrown = assertThrows(Refused.class, () -> a.renew(ACCOUNT, "tok-1", NOW, () -> {
            throw refused;
        }));

        assertSame(refused, thrown);
        assertEquals("tok-1", a.current(ACCOUNT).orElseThrow().value());
        assertEquals("tok-2", a.renew(ACCOUNT, "tok-1", NOW, issuing("tok-2", "a")).value(), "the lock was let go");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void eachAccountHasItsOwnTokenAndItsNameIsNeverStored(String kind) throws Exception {
        JdbcSharedTokens a = node(kind);
        String other = "daraja https://api.safaricom.co.ke ck-Other7Key";
        a.renew(ACCOUNT, null, NOW, issuing("tok-sandbox", "a"));
        a.renew(other, null, NOW, issuing("tok-production", "a"));

        assertEquals("tok-sandbox", a.current(ACCOUNT).orElseThrow().value());
        assertEquals("tok-production", a.current(other).orElseThrow().value());

        List<String> stored = new ArrayList<>();
        DataSource pool = database.newPool();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT account_hash, fetched_by FROM provider_token")) {
            while (rs.next()) {
                stored.add(rs.getString(1));
                stored.add(rs.getString(2));
            }
        }
        assertEquals(4, stored.size());
        assertTrue(stored.contains(JdbcSharedTokens.hash(ACCOUNT)));
        for (String text : stored) {
            assertFalse(text.contains("ck-Kx7Qp2Lm9Vw4") || text.contains("ck-Other7Key"), text);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aLongNodeNameIsCutToWhatTheTableKeeps(String kind) throws Exception {
        JdbcSharedTokens a = node(kind);
        String longName = "n".repeat(300);

        a.renew(ACCOUNT, null, NOW, issuing("tok-1", longName));

        assertEquals(longName.substring(0, JdbcSharedTokens.MAX_NODE), a.current(ACCOUNT).orElseThrow().fetchedBy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theTokenIsNeverInAToString(String kind) throws Exception {
        JdbcSharedTokens a = node(kind);
        a.renew(ACCOUNT, null, NOW, issuing("c9SQxWWhmdVRlyh0zh8gZDTkubVF", "a"));

        String text = a.current(ACCOUNT).orElseThrow().toString();

        assertFalse(text.contains("c9SQ"), text);
        assertTrue(text.contains("****"), text);
    }
}
