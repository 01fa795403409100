package io.stkpush.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigurationSummaryTest {

    /** Configurations as a demo Karaf has them, plus another application's datasource and an unknown stkpush PID. */
    static MemoryConfigurationAdmin demoConfigurations() {
        return new MemoryConfigurationAdmin()
                .put("io.stkpush.daraja", Map.of("environment", "custom", "baseUrl", "http://localhost:8181/daraja-sim",
                        "consumerKey", "demo-consumer-key", "consumerSecret", "itest-secret", "shortCode", "174379",
                        "passkey", "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919",
                        "felix.fileinstall.filename", "file:/opt/karaf/etc/io.stkpush.daraja.cfg"))
                .put("io.stkpush.callback", Map.of("hmacKey", "itest-callback-key", "allowListMode", "off",
                        "allowList", new String[] {"196.201.214.200", "196.201.214.206"}))
                .put("io.stkpush.poller", Map.of("intervalSeconds", 8, "attempts", 12))
                .put("org.ops4j.datasource.8c1d2e3f-0000-4000-8000-000000000001", "org.ops4j.datasource", Map.of(
                        "dataSourceName", "stkpush", "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver",
                        "url", "jdbc:postgresql://stkpush:url-s3cret@db.example.net:5432/stkpush",
                        "user", "stkpush", "password", "db-s3cret",
                        "felix.fileinstall.filename", "file:/opt/karaf/etc/org.ops4j.datasource-stkpush.cfg"))
                .put("org.ops4j.datasource.8c1d2e3f-0000-4000-8000-000000000002", "org.ops4j.datasource", Map.of(
                        "dataSourceName", "billing", "url", "jdbc:postgresql://db/billing", "password", "billing-pw"))
                .put("io.stkpush.shell", Map.of("role", "admin"))
                .put("org.apache.karaf.shell", Map.of("sshPort", 8101));
    }

    @Test
    void theKnownPidsComeInOrderConfiguredOrNotThenAnyOtherStkpushPid() throws IOException {
        List<ConfigurationSummary.Pid> pids = ConfigurationSummary.read(demoConfigurations().service());

        assertEquals(List.of("io.stkpush.daraja", "io.stkpush.callback", "io.stkpush.push", "io.stkpush.poller",
                "io.stkpush.ledger", "io.stkpush.events", "io.stkpush.relay", "io.stkpush.renewal",
                "org.ops4j.datasource-stkpush", "io.stkpush.login", "io.stkpush.demo.host",
                "io.stkpush.daraja.simulator",
                "io.stkpush.shell"), pids.stream().map(ConfigurationSummary.Pid::name).toList());
    }

    @Test
    void aPidWithoutConfigurationSaysWhatThatMeans() throws IOException {
        ConfigurationSummary.Pid push = byName(ConfigurationSummary.read(demoConfigurations().service()),
                "io.stkpush.push");

        assertFalse(push.configured());
        assertEquals("Not configured: the defaults apply.", push.absence());
        assertTrue(push.settings().isEmpty());
    }

    @Test
    void withoutAnyConfigurationTheDarajaClientAndTheLedgerSayTheyDoNotStart() throws IOException {
        List<ConfigurationSummary.Pid> pids = ConfigurationSummary.read(new MemoryConfigurationAdmin().service());

        assertEquals(ConfigurationSummary.KNOWN.size(), pids.size());
        assertEquals("Not configured: the Daraja client does not start until it is.",
                byName(pids, "io.stkpush.daraja").absence());
        assertEquals("Not configured: the payment ledger has no database.",
                byName(pids, "org.ops4j.datasource-stkpush").absence());
    }

    @Test
    void everySecretIsMaskedAndOrdinaryValuesAreShown() throws IOException {
        List<ConfigurationSummary.Pid> pids = ConfigurationSummary.read(demoConfigurations().service());

        Map<String, String> daraja = settings(byName(pids, "io.stkpush.daraja"));
        assertEquals(Map.of("baseUrl", "http://localhost:8181/daraja-sim", "consumerKey", "****",
                "consumerSecret", "****", "environment", "custom", "passkey", "****", "shortCode", "174379"), daraja);
        Map<String, String> callback = settings(byName(pids, "io.stkpush.callback"));
        assertEquals("****", callback.get("hmacKey"));
        assertEquals("196.201.214.200, 196.201.214.206", callback.get("allowList"));
        assertEquals("8", settings(byName(pids, "io.stkpush.poller")).get("intervalSeconds"));
    }

    @Test
    void theLedgersDatasourceIsFoundByItsFileWithItsPasswordsMasked() throws IOException {
        ConfigurationSummary.Pid datasource = byName(ConfigurationSummary.read(demoConfigurations().service()),
                "org.ops4j.datasource-stkpush");

        assertEquals("org.ops4j.datasource.8c1d2e3f-0000-4000-8000-000000000001", datasource.pid());
        Map<String, String> shown = settings(datasource);
        assertEquals("****", shown.get("password"));
        assertEquals("jdbc:postgresql://stkpush:****@db.example.net:5432/stkpush", shown.get("url"));
        assertEquals("stkpush", shown.get("user"));
    }

    @Test
    void aDatasourceNamedStkpushByAFactoryConfigurationNameIsFoundToo() throws IOException {
        MemoryConfigurationAdmin admin = new MemoryConfigurationAdmin().put("org.ops4j.datasource~stkpush",
                "org.ops4j.datasource", Map.of("url", "jdbc:h2:file:/data/stkpush/ledger", "password", ""));

        ConfigurationSummary.Pid datasource = byName(ConfigurationSummary.read(admin.service()),
                "org.ops4j.datasource-stkpush");

        assertEquals("org.ops4j.datasource~stkpush", datasource.pid());
        assertEquals(Map.of("url", "jdbc:h2:file:/data/stkpush/ledger", "password", "(not set)"),
                settings(datasource));
    }

    @Test
    void anotherApplicationsDatasourceAndOtherPidsAreNotShown() throws IOException {
        List<ConfigurationSummary.Pid> pids = ConfigurationSummary.read(demoConfigurations().service());

        assertTrue(pids.stream().noneMatch(p -> p.settings().stream().anyMatch(s -> s.shown().contains("billing"))));
        assertTrue(pids.stream().noneMatch(p -> p.name().startsWith("org.apache")));
    }

    @Test
    void bookkeepingKeysAreLeftOut() throws IOException {
        for (ConfigurationSummary.Pid pid : ConfigurationSummary.read(demoConfigurations().service())) {
            for (ConfigurationSummary.Setting s : pid.settings()) {
                assertFalse(s.key().startsWith("service.") || s.key().startsWith("felix.fileinstall"), s.key());
            }
        }
    }

    @Test
    void readingNeverCreatesOrChangesAConfiguration() throws IOException {
        MemoryConfigurationAdmin admin = demoConfigurations();

        ConfigurationSummary.read(admin.service());

        assertEquals(0, admin.otherCalls.get(), "only listConfigurations and the configurations' getters");
    }

    @Test
    void anUnreadableStoreIsReportedToTheCaller() {
        MemoryConfigurationAdmin admin = demoConfigurations();
        admin.broken = true;

        assertThrows(IOException.class, () -> ConfigurationSummary.read(admin.service()));
    }

    @Test
    void aConfiguredPidHasNoAbsenceNote() throws IOException {
        assertNull(byName(ConfigurationSummary.read(demoConfigurations().service()), "io.stkpush.daraja").absence());
    }

    static ConfigurationSummary.Pid byName(List<ConfigurationSummary.Pid> pids, String name) {
        return pids.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    static Map<String, String> settings(ConfigurationSummary.Pid pid) {
        return pid.settings().stream().collect(java.util.stream.Collectors.toMap(ConfigurationSummary.Setting::key,
                ConfigurationSummary.Setting::shown));
    }
}
