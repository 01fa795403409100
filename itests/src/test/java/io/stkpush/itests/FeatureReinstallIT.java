package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import javax.inject.Inject;
import javax.sql.DataSource;

import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Hot deployment: {@code feature:uninstall} then {@code feature:install stkpush} on a running server keeps
 * what the ledger holds. The probe reads the ledger's tables through the datasource with plain JDBC, so it is
 * not wired to the stkpush bundles that the test uninstalls.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureReinstallIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2()};
    }

    @Test
    public void uninstallingAndInstallingTheFeatureKeepsTheLedger() throws Exception {
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH), HealthOnH2IT.BOOT);
        FeaturesService features = StkpushKaraf.featuresService(context);
        String marker = "{\"reinstall-marker\":\"" + UUID.randomUUID() + "\"}";
        journal(marker);

        // the renewal extension is a boot feature of its own, on top of stkpush
        features.uninstallFeature("stkpush-renewal", EnumSet.noneOf(FeaturesService.Option.class));
        features.uninstallFeature("stkpush-demo", EnumSet.noneOf(FeaturesService.Option.class));
        assertTrue("stkpush is uninstalled", !features.isInstalled(features.getFeature("stkpush")));
        Http.Answer gone = Http.getUntil(HealthOnH2IT.HEALTH, a -> a.status() != 200, Duration.ofSeconds(30));
        assertNotEquals("health is gone with the feature", 200, gone.status());

        features.installFeature("stkpush", EnumSet.noneOf(FeaturesService.Option.class));
        Http.Answer back = Http.getUntil(HealthOnH2IT.HEALTH, a -> a.status() == 200, Duration.ofSeconds(90));
        assertEquals(back.body(), 200, back.status());

        assertEquals("the journal entry written before the reinstall", 1, countJournaled(marker));
    }


    private void journal(String body) throws Exception {
        int inserted = withDatasource(ds -> {
            try (Connection c = ds.getConnection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO provider_event"
                            + " (channel, body, received_at, disposition)"
                            + " VALUES ('STK_CALLBACK', ?, CURRENT_TIMESTAMP, 'RECEIVED')")) {
                insert.setString(1, body);
                return insert.executeUpdate();
            }
        });
        assertEquals(1, inserted);
    }

    private int countJournaled(String body) throws Exception {
        return withDatasource(ds -> {
            try (Connection c = ds.getConnection();
                    PreparedStatement select = c.prepareStatement(
                            "SELECT COUNT(*) FROM provider_event WHERE body = ?")) {
                select.setString(1, body);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    interface SqlWork<T> {
        T run(DataSource ds) throws Exception;
    }

    /** Runs work on the datasource pax-jdbc-config currently publishes for 'stkpush' (a new one after a reinstall). */
    private <T> T withDatasource(SqlWork<T> work) throws Exception {
        ServiceTracker<DataSource, DataSource> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=javax.sql.DataSource)(dataSourceName=stkpush))"), null);
        tracker.open();
        try {
            DataSource ds = tracker.waitForService(Duration.ofSeconds(30).toMillis());
            if (ds == null) {
                throw new AssertionError("no stkpush datasource within 30 s");
            }
            return work.run(ds);
        } finally {
            tracker.close();
        }
    }
}
