package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.karaf.features.FeaturesService;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Renew / Change Plan paid by STK Push in the assembly, against the simulator and the demo host: the expiry moves
 * once per payment (also when the callback comes three times), a cancelled push renews nothing, the renewal
 * feature can be uninstalled while a renewal push waits and installed again to apply it once, and every stkpush
 * bundle can be updated while pushes wait, with each outcome recorded once. The waiting window is stretched to
 * {@value #WINDOW_SECONDS} s so the virtual phone's prompts outlast the hot deployments.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RenewalIT {

    static final int WINDOW_SECONDS = 180;
    static final Duration WITHIN = Duration.ofSeconds(60);
    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");

    @Inject
    private BundleContext context;

    private final OperatorApi api = OperatorApi.demoOperator();

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator(), StkpushKaraf.fastPushFlow(),
                editConfigurationFilePut("etc/io.stkpush.poller.cfg", "attempts", "" + WINDOW_SECONDS),
                // the virtual phone's prompts wait for the test's PIN, not for the shortened lifetime
                editConfigurationFilePut("etc/io.stkpush.daraja.simulator.cfg", "promptLifetime", "" + 300_000),
                editConfigurationFilePut("etc/io.stkpush.renewal.cfg", "sweepMillis", "200")};
    }

    @Before
    public void settled() throws Exception {
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        OperatorApi.Reply plans = api.getUntil("/stkpush/api/plans", r -> r.status() == 200, HealthOnH2IT.BOOT);
        assertEquals(plans.body(), 200, plans.status());
    }

    @Test
    public void aRenewalPaidByStkPushMovesTheExpiryOnceEvenWhenTheCallbackComesThreeTimes() throws Exception {
        // sub-0007 (phone …06): the simulator delivers the success callback three times
        JsonNode before = subscriber("sub-0007");
        JsonNode renewal = renew("sub-0007", "home-10", null);
        assertEquals("PENDING", renewal.path("state").asText());
        assertEquals(2500, renewal.path("amountKes").asLong());

        JsonNode applied = awaitRenewal(renewal, "APPLIED");
        assertTrue(applied.path("message").asText(), applied.path("message").asText().startsWith("Renewed on"));
        awaitCallbacks(renewal.path("pushId").asText(), 3);

        JsonNode after = subscriber("sub-0007");
        assertEquals("home-10", after.path("planId").asText());
        assertEquals("one month from the old expiry, once", oneMonthAfter(before), after.path("expiresAt").asText());
        assertEquals(1, renewalsOf("sub-0007"));
        JsonNode push = api.get("/stkpush/api/pushes/" + renewal.path("pushId").asText()).json();
        assertEquals("CONFIRMED", push.path("status").asText());
        assertEquals(applied.path("paymentId").asText(), push.path("paymentId").asText());
    }

    @Test
    public void aCancelledPushRenewsNothing() throws Exception {
        JsonNode before = subscriber("sub-0002"); // phone …01: cancelled by the customer
        JsonNode renewal = renew("sub-0002", "home-10", null);
        JsonNode notPaid = awaitRenewal(renewal, "NOT_PAID");
        assertTrue(notPaid.path("message").asText(), notPaid.path("message").asText().startsWith("Not renewed: "));
        assertEquals(before.path("expiresAt").asText(), subscriber("sub-0002").path("expiresAt").asText());
        assertEquals(0, renewalsOf("sub-0002"));
    }

    @Test
    public void badRequestsAreRefusedInPlainWords() throws Exception {
        OperatorApi.Reply noPlan = api.post("/stkpush/api/renewals", "{\"subscriberId\":\"sub-0001\",\"planId\":\"gold\"}");
        assertEquals(400, noPlan.status());
        assertTrue(noPlan.body(), noPlan.json().path("message").asText().contains("There is no plan 'gold'"));
        OperatorApi.Reply amount = api.post("/stkpush/api/renewals",
                "{\"subscriberId\":\"sub-0001\",\"planId\":\"home-5\",\"amount\":1}");
        assertEquals("the price comes from the plan, never from the browser", 400, amount.status());
        OperatorApi.Reply nobody = api.post("/stkpush/api/renewals",
                "{\"subscriberId\":\"sub-9999\",\"planId\":\"home-5\"}");
        assertEquals(404, nobody.status());
        OperatorApi.Reply anonymous = new OperatorApi("operator", "wrong").post("/stkpush/api/renewals",
                "{\"subscriberId\":\"sub-0001\",\"planId\":\"home-5\"}");
        assertEquals(401, anonymous.status());
    }

    @Test
    public void uninstallingTheFeatureWhileARenewalWaitsThenInstallingItAppliesTheRenewalOnce() throws Exception {
        FeaturesService features = StkpushKaraf.featuresService(context);
        EnumSet<FeaturesService.Option> none = EnumSet.noneOf(FeaturesService.Option.class);
        JsonNode before = subscriber("sub-0015"); // the virtual phone
        JsonNode renewal = renew("sub-0015", "home-5", null);
        String checkout = openPrompt("0722415714");
        assertNotNull("the method is offered while the feature runs", paymentMethod());

        features.uninstallFeature("stkpush-renewal", none);
        try {
            awaitNoPaymentMethod();
            pin(checkout);
            JsonNode push = api.getUntil("/stkpush/api/pushes/" + renewal.path("pushId").asText(),
                    r -> "CONFIRMED".equals(r.json().path("status").asText()), WITHIN).json();
            assertEquals("the payment is recorded without the extension", "CONFIRMED", push.path("status").asText());
            assertEquals(404, api.get("/stkpush/api/renewals/" + renewal.path("renewalId").asText()).status());
            assertEquals(before.path("expiresAt").asText(), subscriber("sub-0015").path("expiresAt").asText());
        } finally {
            features.installFeature("stkpush-renewal", none);
        }
        OperatorApi.Reply back = api.getUntil("/stkpush/api/renewals/" + renewal.path("renewalId").asText(),
                r -> r.status() == 200 && "APPLIED".equals(r.json().path("state").asText()), WITHIN);
        assertEquals(back.body(), "APPLIED", back.json().path("state").asText());
        assertEquals(oneMonthAfter(before), subscriber("sub-0015").path("expiresAt").asText());
        assertEquals(1, renewalsOf("sub-0015"));
        assertNotNull("the method is back", paymentMethod());
    }

    @Test
    public void updatingEveryStkpushBundleWhilePushesWaitLosesNoOutcome() throws Exception {
        String[][] waiting = {{"sub-0016", "0798120316"}, {"sub-0017", "0113456718"}, {"sub-0020", "0710234525"}};
        List<String> pushIds = new ArrayList<>();
        List<String> checkouts = new ArrayList<>();
        for (String[] s : waiting) {
            OperatorApi.Reply sent = api.post("/stkpush/api/pushes",
                    "{\"subscriberId\":\"" + s[0] + "\",\"amount\":10}");
            assertEquals(sent.body(), 202, sent.status());
            pushIds.add(sent.json().path("pushId").asText());
            checkouts.add(openPrompt(s[1]));
        }

        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        Bundle simulator = bundle("io.stkpush.daraja.simulator");
        List<String> updated = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            String name = bundle.getSymbolicName();
            // the simulator stands in for Safaricom, whose open prompts live in its memory: it is not updated, nor
            // is a bundle whose refresh would restart it (the JAX-RS API bundle that stkpush-runtime brings)
            if (name == null || !name.startsWith("io.stkpush.")
                    || wiring.getDependencyClosure(List.of(bundle)).contains(simulator)) {
                continue;
            }
            bundle.update();
            refresh(wiring, bundle);
            updated.add(name);
            Http.Answer health = Http.getUntil(HealthOnH2IT.HEALTH, a -> a.status() == 200, WITHIN);
            assertEquals("health after updating " + name, 200, health.status());
            for (String id : pushIds) {
                OperatorApi.Reply push = api.getUntil("/stkpush/api/pushes/" + id, r -> r.status() == 200, WITHIN);
                assertEquals("push " + id + " after updating " + name, "WAITING", push.json().path("status").asText());
            }
        }
        assertTrue("every stkpush bundle was updated: " + updated, updated.size() >= 10);

        pin(checkouts.get(0));
        cancel(checkouts.get(1));
        pin(checkouts.get(2));
        String[] expected = {"CONFIRMED", "CANCELLED", "CONFIRMED"};
        for (int i = 0; i < 3; i++) {
            String wanted = expected[i];
            OperatorApi.Reply push = api.getUntil("/stkpush/api/pushes/" + pushIds.get(i),
                    r -> wanted.equals(r.json().path("status").asText()), WITHIN);
            assertEquals(push.body(), wanted, push.json().path("status").asText());
            OperatorApi.Reply payments = api.get("/stkpush/api/payments?subscriberId=" + waiting[i][0]);
            assertEquals(payments.body(), "CONFIRMED".equals(wanted) ? 1 : 0, payments.json().size());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private JsonNode renew(String subscriberId, String planId, String phone) throws Exception {
        String body = "{\"subscriberId\":\"" + subscriberId + "\",\"planId\":\"" + planId + "\""
                + (phone == null ? "" : ",\"phone\":\"" + phone + "\"") + "}";
        OperatorApi.Reply started = api.post("/stkpush/api/renewals", body);
        assertEquals(started.body(), 202, started.status());
        return started.json();
    }

    private JsonNode awaitRenewal(JsonNode renewal, String state) throws Exception {
        OperatorApi.Reply reply = api.getUntil("/stkpush/api/renewals/" + renewal.path("renewalId").asText(),
                r -> state.equals(r.json().path("state").asText()), WITHIN);
        assertEquals(reply.body(), state, reply.json().path("state").asText());
        return reply.json();
    }

    private JsonNode subscriber(String id) throws Exception {
        OperatorApi.Reply reply = api.get("/stkpush/api/subscribers/" + id);
        assertEquals(reply.body(), 200, reply.status());
        return reply.json();
    }

    /** The old expiry (or now, if it had ended) plus one calendar month in Nairobi, as the demo host renews. */
    private static String oneMonthAfter(JsonNode subscriber) {
        Instant old = Instant.parse(subscriber.path("expiresAt").asText());
        assertTrue("the test needs a subscription still running", old.isAfter(Instant.now()));
        return old.atZone(NAIROBI).plusMonths(1).toInstant().toString();
    }

    private String openPrompt(String msisdn) throws Exception {
        Http.Answer prompts = Http.getUntil("/daraja-sim/phone/prompts?msisdn=" + msisdn,
                a -> a.status() == 200 && a.body().contains("checkoutRequestId"), WITHIN);
        JsonNode open = new com.fasterxml.jackson.databind.ObjectMapper().readTree(prompts.body()).path("open");
        assertEquals(prompts.body(), 1, open.size());
        return open.get(0).path("checkoutRequestId").asText();
    }

    private void pin(String checkout) throws Exception {
        OperatorApi.Reply paid = api.post("/daraja-sim/phone/prompts/" + checkout + "/pin", "{\"pin\":\"1234\"}");
        assertEquals(paid.body(), 200, paid.status());
    }

    private void cancel(String checkout) throws Exception {
        OperatorApi.Reply cancelled = api.post("/daraja-sim/phone/prompts/" + checkout + "/cancel", "{}");
        assertEquals(cancelled.body(), 200, cancelled.status());
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }

    private ServiceReference<?> paymentMethod() throws Exception {
        ServiceReference<?>[] found = context.getAllServiceReferences("io.stkpush.host.PaymentMethod", null);
        return found == null ? null : found[0];
    }

    private void awaitNoPaymentMethod() throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (paymentMethod() != null) {
            assertTrue("the method is withdrawn with the feature", System.nanoTime() < deadline);
            Thread.sleep(100); // poll interval; the deadline bounds the wait
        }
    }

    private static void refresh(FrameworkWiring wiring, Bundle bundle) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh of " + bundle.getSymbolicName(), done.await(60, TimeUnit.SECONDS));
    }

    /** Waits until the journal holds {@code n} STK callbacks for the push (the simulator's triplicate). */
    private void awaitCallbacks(String pushId, int n) throws Exception {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        int seen;
        while ((seen = count("SELECT COUNT(*) FROM provider_event WHERE channel = 'STK_CALLBACK' AND push_id = '"
                + pushId + "'")) < n) {
            assertTrue("callbacks journaled: " + seen, System.nanoTime() < deadline);
            Thread.sleep(100); // poll interval; the deadline bounds the wait
        }
    }

    private int renewalsOf(String subscriberId) throws Exception {
        return count("SELECT COUNT(*) FROM demo_renewal WHERE subscriber_id = '" + subscriberId + "'");
    }

    private int count(String sql) throws Exception {
        ServiceTracker<DataSource, DataSource> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=javax.sql.DataSource)(dataSourceName=stkpush))"), null);
        tracker.open();
        try {
            DataSource ds = tracker.waitForService(WITHIN.toMillis());
            assertNotNull("the stkpush datasource", ds);
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } finally {
            tracker.close();
        }
    }
}
