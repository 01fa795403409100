package io.stkpush.demo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.stkpush.api.Kes;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.SubscriberId;
import io.stkpush.host.Plan;
import io.stkpush.host.RenewalResult;
import io.stkpush.host.Subscriber;
import io.stkpush.testing.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo host's subscribers, plans and renewals on one database; subclasses choose which. */
abstract class DemoBillingContract {

    static final Instant FIRST_START = Instant.parse("2025-03-10T09:30:00Z");
    static final OperatorName OPERATOR = new OperatorName("operator");

    protected DataSource dataSource;
    protected MutableClock clock;
    protected DemoBilling billing;

    /** An empty database (or schema) for one test. */
    protected abstract DataSource createDataSource() throws Exception;

    protected abstract void dropDataSource() throws Exception;

    @BeforeEach
    void start() throws Exception {
        dataSource = createDataSource();
        // the ledger's tables are usually there first; the demo host must migrate beside them
        execute("CREATE TABLE push_request (id VARCHAR(36) PRIMARY KEY)");
        clock = new MutableClock(FIRST_START);
        billing = new DemoBilling(dataSource, clock);
    }

    @AfterEach
    void stop() throws Exception {
        dropDataSource();
    }

    @Test
    void seedsPlansAndFiftySubscribersOnce() throws Exception {
        assertEquals(DemoData.PLANS.size(), count("demo_plan"));
        assertEquals(50, count("demo_subscriber"));

        // a restart (or a second node) adds nothing and keeps what the demo changed
        billing.renew(new SubscriberId("sub-0001"), "home-10", PaymentId.random(), OPERATOR);
        Subscriber renewed = billing.find(new SubscriberId("sub-0001")).orElseThrow();
        clock.advance(Duration.ofDays(3));
        assertEquals(0, DemoSeed.seed(dataSource, clock));
        DemoBilling again = new DemoBilling(dataSource, clock);
        assertEquals(50, count("demo_subscriber"));
        assertEquals(renewed, again.find(new SubscriberId("sub-0001")).orElseThrow());
    }

    @Test
    void findsASubscriberWithPlanNameAndExpiry() {
        Subscriber grace = billing.find(new SubscriberId("sub-0001")).orElseThrow();
        assertEquals("Grace Wanjiku", grace.name());
        assertEquals("ACC-0001", grace.account());
        assertEquals("0700000000", grace.phone());
        assertEquals("Home 5 Mbps", grace.plan());
        assertEquals(Instant.parse("2025-03-22T00:00:00Z"), grace.expiresAt());
        assertTrue(billing.find(new SubscriberId("sub-9999")).isEmpty());
    }

    @Test
    void searchesNamesCaseInsensitively() {
        List<Subscriber> found = billing.search("wanj", 20);
        assertEquals(List.of("Grace Wanjiku"), names(found));
        assertEquals(List.of("Mama Mboga Supplies"), names(billing.search("  MAMA mboga ", 20)));
        assertTrue(billing.search("nobody like this", 20).isEmpty());
        // LIKE wildcards typed by the operator are plain characters
        assertTrue(billing.search("%", 20).isEmpty());
        assertTrue(billing.search("_", 20).isEmpty());
    }

    @Test
    void searchesAccountNumbersWithTheExactOneFirst() {
        List<Subscriber> found = billing.search("acc-0012", 20);
        assertEquals("sub-0012", found.get(0).id().value());
        assertEquals(1, found.size());
        List<Subscriber> prefix = billing.search("ACC-001", 20);
        assertEquals(10, prefix.size());
    }

    @Test
    void searchesPhonesInWhateverFormTheyAreTyped() {
        for (String typed : List.of("0708374149", "254708374149", "+254 708 374 149", "0708-374-149", "374149")) {
            assertEquals(List.of("Sandbox Test Subscriber"), names(billing.search(typed, 20)), typed);
        }
        // stored with spaces, found without
        assertEquals(List.of("David Ouma"), names(billing.search("0798120316", 20)));
        // the 07000000NN block
        assertEquals(14, billing.search("07000000", 20).size());
    }

    @Test
    void anEmptyQueryListsByNameUpToTheLimit() {
        List<Subscriber> first = billing.search("", 5);
        assertEquals(5, first.size());
        assertEquals("Agnes Moraa", first.get(0).name());
        assertEquals(50, billing.search(null, 1000).size());
        assertEquals(1, billing.search("", 0).size());
    }

    @Test
    void findsByAccountTrimmedAndCaseInsensitive() {
        assertEquals("sub-0032", billing.findByAccount("  acc-0032 ").orElseThrow().id().value());
        assertEquals("sub-0032", billing.findByAccount("ACC-0032").orElseThrow().id().value());
        assertTrue(billing.findByAccount("ACC-0").isEmpty());
        assertTrue(billing.findByAccount("  ").isEmpty());
        assertTrue(billing.findByAccount(null).isEmpty());
    }

    @Test
    void listsPlansCheapestFirst() {
        List<Plan> plans = billing.plans();
        assertEquals("weekly-3", plans.get(0).id());
        assertEquals(new Plan("home-10", "Home 10 Mbps", Kes.of(2_500), Period.ofMonths(1)),
                billing.plan("home-10").orElseThrow());
        assertTrue(billing.plan("gold").isEmpty());
        assertTrue(billing.plan(null).isEmpty());
    }

    @Test
    void renewingExtendsFromTheEndOfARunningSubscription() {
        // Grace's subscription ends 2025-03-22 00:00 UTC (03:00 in Nairobi): one month later in Nairobi
        RenewalResult result = billing.renew(new SubscriberId("sub-0001"), "home-10", PaymentId.random(), OPERATOR);
        assertTrue(result.applied());
        assertEquals(Instant.parse("2025-04-22T00:00:00Z"), result.newExpiresAt());
        assertEquals("Renewed on Home 10 Mbps until 2025-04-22.", result.message());
        Subscriber grace = billing.find(new SubscriberId("sub-0001")).orElseThrow();
        assertEquals("Home 10 Mbps", grace.plan());
        assertEquals(result.newExpiresAt(), grace.expiresAt());
    }

    @Test
    void renewingAnExpiredSubscriptionStartsToday() {
        // Faith's ended two days before the first start
        RenewalResult result = billing.renew(new SubscriberId("sub-0003"), "weekly-3", PaymentId.random(), OPERATOR);
        assertEquals(FIRST_START.plus(Duration.ofDays(7)), result.newExpiresAt());
    }

    @Test
    void renewingTwiceWithTheSamePaymentRenewsOnce() throws Exception {
        PaymentId payment = PaymentId.random();
        RenewalResult first = billing.renew(new SubscriberId("sub-0004"), "home-20", payment, OPERATOR);
        clock.advance(Duration.ofHours(1));
        RenewalResult retried = billing.renew(new SubscriberId("sub-0004"), "home-20", payment, OPERATOR);
        assertEquals(first, retried);
        assertEquals(first.newExpiresAt(), billing.find(new SubscriberId("sub-0004")).orElseThrow().expiresAt());
        assertEquals(1, count("demo_renewal"));

        RenewalResult next = billing.renew(new SubscriberId("sub-0004"), "home-20", PaymentId.random(), OPERATOR);
        assertEquals(Instant.parse("2025-05-30T00:00:00Z"), next.newExpiresAt());
        assertEquals(2, count("demo_renewal"));
    }

    @Test
    void renewingAnUnknownPlanOrSubscriberChangesNothing() throws Exception {
        RenewalResult noPlan = billing.renew(new SubscriberId("sub-0001"), "gold", PaymentId.random(), OPERATOR);
        assertFalse(noPlan.applied());
        assertNull(noPlan.newExpiresAt());
        assertEquals("There is no plan 'gold'.", noPlan.message());
        RenewalResult nobody = billing.renew(new SubscriberId("sub-9999"), "home-5", PaymentId.random(), OPERATOR);
        assertFalse(nobody.applied());
        assertEquals(0, count("demo_renewal"));
    }

    @Test
    void migratesOnceWithItsOwnHistoryTable() throws Exception {
        DemoHostSchema.migrate(dataSource);
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + DemoHostSchema.HISTORY_TABLE
                        + "\" WHERE \"version\" = '1' AND \"success\" = TRUE")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
        }
    }

    protected void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    protected int count(String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    static List<String> names(List<Subscriber> subscribers) {
        return subscribers.stream().map(Subscriber::name).toList();
    }

    static String randomName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }
}
