package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Installing into an existing Karaf, as an ISP's administrator would: the stock Apache Karaf distribution (not our
 * assembly), on Java 17 without the zip-validation flag, users in {@code etc/users.properties}, then
 * {@code feature:repo-add} and {@code feature:install stkpush stkpush-karaf-login stkpush-daraja-simulator} on the
 * running server. A push sent with a Karaf user's Basic credentials is CONFIRMED, health is UP, the Aries JAX-RS
 * spec bundle (whose embedded jar Java 17.0.8+ rejects) is never installed, and {@code karaf.log} has no ERROR.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StockKarafIT {

    static final String USERS = "etc/users.properties";

    /** Given the operator role through a Karaf group, as an administrator would for front-desk staff. */
    static final String CASHIER = "cashier";
    static final String CASHIER_PASSWORD = "till-42-secret";

    /** A Karaf user without the operator role. */
    static final String CLERK = "clerk";
    static final String CLERK_PASSWORD = "clerk-secret";

    static final String FEATURES_VERSION = "stkpush.version";

    /**
     * The billing server's subscriber: its phone ends in 00, the simulator's success scenario. A string: the probe
     * class loads before the features bring io.stkpush.api (the host below loads only when it is registered).
     */
    static final String SUBSCRIBER_ID = "isp-7001";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        String karafVersion = System.getProperty("karaf.version", "4.4.10");
        String port = System.getProperty("stkpush.http.port", "18181");
        String localRepo = System.getProperty("org.ops4j.pax.url.mvn.localRepository", "");
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(maven().groupId("org.apache.karaf").artifactId("apache-karaf")
                            .version(karafVersion).type("zip"))
                    .karafVersion(karafVersion)
                    .name("Apache Karaf")
                    .unpackDirectory(new File("target/exam"))
                    .useDeployFolder(false),
            keepRuntimeFolder(),
            // the module flags bin/karaf adds, which Pax Exam does not; deliberately no zip-validation flag
            KarafJdk17Options.jdk17(karafVersion),
            configureConsole().ignoreLocalConsole(),
            logLevel(LogLevel.INFO),
            editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                    localRepo),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
            // not the assembly tests' 18101/11099/44445: a port taken is an ERROR in the log this test reads
            editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18102"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11098"),
            editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44446"),
            // the realm 'karaf': an operator through a group, and a user without the role
            editConfigurationFilePut(USERS, "_g_:frontdesk", "group,stkpush-operator"),
            editConfigurationFilePut(USERS, CASHIER, CASHIER_PASSWORD + ",_g_:frontdesk"),
            editConfigurationFilePut(USERS, CLERK, CLERK_PASSWORD + ",viewer"),
            // Daraja's configuration in etc/ before the features arrive, as an administrator would write it
            StkpushKaraf.darajaAgainstSimulator(),
            systemProperty("stkpush.http.port").value(port),
            systemProperty(FEATURES_VERSION).value(System.getProperty(FEATURES_VERSION)),
        };
    }

    @Test
    public void installsIntoTheStockDistributionAndAKarafUserSendsAPushThatIsConfirmed() throws Exception {
        assertNull("the stock Karaf runs without the zip-validation flag",
                System.getProperty("jdk.util.zip.disableZip64ExtraFieldValidation"));
        assertNotNull("the features' version", System.getProperty(FEATURES_VERSION));

        FeaturesService features = StkpushKaraf.featuresService(context);
        features.addRepository(URI.create(
                "mvn:io.stkpush/stkpush-features/" + System.getProperty(FEATURES_VERSION) + "/xml/features"));
        Instant start = Instant.now();
        features.installFeatures(new LinkedHashSet<>(List.of("stkpush", "stkpush-karaf-login",
                "stkpush-daraja-simulator")), EnumSet.noneOf(FeaturesService.Option.class));
        System.out.println("feature:install took " + Duration.between(start, Instant.now()));

        // the billing server's own subscribers, as its host-api implementation would offer them
        ServiceRegistration<?> host = context.registerService(SubscriberDirectory.class.getName(),
                new OneSubscriberHost(), null);
        try {
            Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
            Http.Answer health = Http.get(HealthOnH2IT.HEALTH);
            assertTrue(health.body(), health.body().startsWith("{\"status\":\"UP\",\"database\":{\"status\":\"UP\""));

            OperatorApi cashier = new OperatorApi(CASHIER, CASHIER_PASSWORD);
            // the operator resources may arrive a moment after health: the whiteboard re-publishes the application
            OperatorApi.Reply found = cashier.getUntil("/stkpush/api/subscribers/" + SUBSCRIBER_ID,
                    r -> r.status() == 200, HealthOnH2IT.BOOT);
            assertEquals(found.body(), 200, found.status());

            OperatorApi.Reply sent = cashier.post("/stkpush/api/pushes",
                    "{\"subscriberId\":\"" + SUBSCRIBER_ID + "\",\"amount\":1500}");
            assertEquals(sent.body(), 202, sent.status());
            String pushId = sent.json().get("pushId").asText();

            OperatorApi.Reply settled = cashier.getUntil("/stkpush/api/pushes/" + pushId,
                    r -> r.status() == 200 && !List.of("SENDING", "WAITING").contains(r.json().get("status").asText()),
                    Duration.ofSeconds(60));
            JsonNode push = settled.json();
            assertEquals(settled.body(), "CONFIRMED", push.get("status").asText());
            assertTrue(settled.body(), push.hasNonNull("receipt") && push.hasNonNull("paymentId"));
            assertEquals(settled.body(), SUBSCRIBER_ID, push.get("subscriberId").asText());
            assertEquals("the Karaf user is the operator on record", CASHIER, push.get("operator").asText());

            // the realm decides: a Karaf user without the role, a wrong password and no login are all refused
            assertEquals(401, new OperatorApi(CLERK, CLERK_PASSWORD).get("/stkpush/api/pushes/" + pushId).status());
            assertEquals(401, new OperatorApi(CASHIER, "wrong").get("/stkpush/api/pushes/" + pushId).status());
            assertEquals(401, Http.get("/stkpush/api/pushes/" + pushId).status());
        } finally {
            host.unregister();
        }

        assertBundle("io.stkpush.jaxrs.spec", Bundle.ACTIVE);
        assertBundle("io.stkpush.karaf.login", Bundle.ACTIVE);
        assertTrue("the Aries JAX-RS spec bundle stays out: " + symbolicNames(),
                Arrays.stream(context.getBundles())
                        .noneMatch(b -> b.getSymbolicName().equals("org.apache.aries.javax.jax.rs-api")));

        Path log = Path.of(System.getProperty("karaf.data"), "log", "karaf.log");
        List<String> errors = Files.readAllLines(log).stream().filter(line -> line.contains("| ERROR |")).toList();
        assertEquals("ERROR lines in " + log, List.of(), errors);
    }

    private void assertBundle(String symbolicName, int state) {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName().equals(symbolicName))
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " not in " + symbolicNames()));
        assertEquals(symbolicName + " state", state, bundle.getState());
    }

    private Set<String> symbolicNames() {
        Set<String> names = new LinkedHashSet<>();
        Arrays.stream(context.getBundles()).forEach(b -> names.add(b.getSymbolicName()));
        return names;
    }

    /** A billing server's directory, cut down to one subscriber. */
    static final class OneSubscriberHost implements SubscriberDirectory {

        static final Subscriber SUBSCRIBER = new Subscriber(new SubscriberId(SUBSCRIBER_ID), "Wanjiru Kamau",
                "ISP-7001", "0712 345 600", "Home 10 Mbps", null, "home-10");

        @Override
        public List<Subscriber> search(String query, int limit) {
            return List.of(SUBSCRIBER);
        }

        @Override
        public Optional<Subscriber> find(SubscriberId id) {
            return SUBSCRIBER.id().equals(id) ? Optional.of(SUBSCRIBER) : Optional.empty();
        }

        @Override
        public Optional<Subscriber> findByAccount(String account) {
            return SUBSCRIBER.account().equalsIgnoreCase(account.strip()) ? Optional.of(SUBSCRIBER) : Optional.empty();
        }
    }
}
