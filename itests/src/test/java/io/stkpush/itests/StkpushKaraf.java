package io.stkpush.itests;

import static org.junit.Assert.assertNotNull;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;

import org.apache.karaf.features.FeaturesService;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Boots the project's own Karaf assembly (stkpush-demo is a boot feature) with test ports. The System
 * properties here are read on the test host, when Pax Exam builds the options; the probe runs inside Karaf
 * and gets what it needs through {@code systemProperty(...)}.
 */
final class StkpushKaraf {

    static final String DATASOURCE_CFG = "etc/org.ops4j.datasource-stkpush.cfg";

    private StkpushKaraf() {
    }

    /** The assembly as built, on its embedded H2 database. */
    static Option onH2() {
        return base();
    }

    /** The assembly with its datasource pointed at the test PostgreSQL given by {@code stkpush.test.pg.url}. */
    static Option onPostgres() {
        String url = System.getProperty("stkpush.test.pg.url", "");
        if (url.isBlank()) {
            throw new IllegalStateException("stkpush.test.pg.url is not set: start PostgreSQL with scripts/test");
        }
        return composite(
                base(),
                editConfigurationFilePut(DATASOURCE_CFG, "dataSourceName", "stkpush"),
                editConfigurationFilePut(DATASOURCE_CFG, "osgi.jdbc.driver.name", "PostgreSQL JDBC Driver"),
                editConfigurationFilePut(DATASOURCE_CFG, "url", url),
                editConfigurationFilePut(DATASOURCE_CFG, "user", "postgres"),
                editConfigurationFilePut(DATASOURCE_CFG, "password", "postgres"),
                editConfigurationFilePut(DATASOURCE_CFG, "pool", "hikari"),
                editConfigurationFilePut(DATASOURCE_CFG, "hikari.connectionTimeout", "5000"),
                editConfigurationFilePut(DATASOURCE_CFG, "xa", "false"),
                systemProperty("stkpush.test.pg.url").value(url));
    }

    /**
     * The Daraja client pointed at the simulator in the same Karaf (on the test port), and the simulator's
     * durations cut to fractions of a second: success {@value #SUCCESS_DELAY_MS} ms, prompt lifetime
     * {@value #PROMPT_LIFETIME_MS} ms, late success {@value #LATE_SUCCESS_DELAY_MS} ms. The client gives up on an
     * answer after {@value #READ_TIMEOUT_SECONDS} s; scenario 13 holds its answer {@value #LOST_ANSWER_HOLD_MS} ms.
     */
    static Option darajaAgainstSimulator() {
        String base = "http://localhost:" + System.getProperty("stkpush.http.port", "18181");
        String daraja = "etc/io.stkpush.daraja.cfg";
        String simulator = "etc/io.stkpush.daraja.simulator.cfg";
        return composite(
                editConfigurationFilePut(daraja, "environment", "custom"),
                editConfigurationFilePut(daraja, "baseUrl", base + "/daraja-sim"),
                editConfigurationFilePut(daraja, "consumerKey", "itest-key"),
                editConfigurationFilePut(daraja, "consumerSecret", "itest-secret"),
                editConfigurationFilePut(daraja, "shortCode", "174379"),
                editConfigurationFilePut(daraja, "passkey", SANDBOX_PASSKEY),
                editConfigurationFilePut(daraja, "mode", "paybill"),
                editConfigurationFilePut(daraja, "callbackBaseUrl", base),
                editConfigurationFilePut(daraja, "accountReference", "ITest"),
                editConfigurationFilePut(daraja, "transactionDesc", "Internet bill"),
                editConfigurationFilePut(daraja, "busyRetryDelayMillis", "20"),
                // the tests ask the local simulator within its scenarios' short delays; the budget's own rules are
                // unit-tested (RateLimitTest), here it must not be what a test waits for
                editConfigurationFilePut(daraja, "requestsPerSecond", "200"),
                editConfigurationFilePut(daraja, "statusQueriesPerSecond", "100"),
                editConfigurationFilePut(daraja, "readTimeout", "" + READ_TIMEOUT_SECONDS),
                editConfigurationFilePut(simulator, "successDelay", "" + SUCCESS_DELAY_MS),
                editConfigurationFilePut(simulator, "promptLifetime", "" + PROMPT_LIFETIME_MS),
                editConfigurationFilePut(simulator, "lateSuccessDelay", "" + LATE_SUCCESS_DELAY_MS),
                editConfigurationFilePut(simulator, "lostAnswerHold", "" + LOST_ANSWER_HOLD_MS));
    }

    static final String SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";
    static final long SUCCESS_DELAY_MS = 300;
    static final long PROMPT_LIFETIME_MS = 1500;
    static final long LATE_SUCCESS_DELAY_MS = 7500;
    static final int READ_TIMEOUT_SECONDS = 3;
    static final long LOST_ANSWER_HOLD_MS = 4500;

    /** The HMAC key of the callback URLs, so tests can forge valid and invalid callbacks on purpose. */
    static final String CALLBACK_KEY = "itest-callback-key";

    /**
     * The push flow with its clock shortened: status queries every second (instead of 8 s), {@value #WINDOW_SECONDS}
     * of them, so a {@value #WINDOW_SECONDS} s waiting window (instead of 8 s x 12 = 96 s), the poller ticking every
     * 200 ms, and a known callback key.
     */
    static Option fastPushFlow() {
        return composite(
                editConfigurationFilePut("etc/io.stkpush.poller.cfg", "intervalSeconds", "1"),
                editConfigurationFilePut("etc/io.stkpush.poller.cfg", "attempts", "" + WINDOW_SECONDS),
                editConfigurationFilePut("etc/io.stkpush.poller.cfg", "tickMillis", "200"),
                // M-Pesa asked from the first second on, every second, at exact times: the tests do not wait
                // for a callback to be overdue
                editConfigurationFilePut("etc/io.stkpush.poller.cfg", "firstQuerySeconds", "1"),
                editConfigurationFilePut("etc/io.stkpush.poller.cfg", "queryIntervalSeconds", "1"),
                editConfigurationFilePut("etc/io.stkpush.poller.cfg", "jitterPercent", "0"),
                editConfigurationFilePut("etc/io.stkpush.callback.cfg", "hmacKey", CALLBACK_KEY));
    }

    static final int WINDOW_SECONDS = 5;

    private static Option base() {
        String port = System.getProperty("stkpush.http.port", "18181");
        String localRepo = System.getProperty("org.ops4j.pax.url.mvn.localRepository", "");
        return composite(
                karafDistributionConfiguration()
                        .frameworkUrl(new File(System.getProperty("stkpush.assembly")).toURI().toString())
                        .name("stkpush")
                        .unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                keepRuntimeFolder(),
                // Pax Exam builds its own java command line: bin/setenv and bin/karaf's flags are not used
                KarafJdk17Options.jdk17(System.getProperty("karaf.version", "4.4.10")),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.INFO),
                editConfigurationFilePut("etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository",
                        localRepo),
                editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", port),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", "11099"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort", "44445"),
                systemProperty("stkpush.http.port").value(port));
    }

    /**
     * Karaf's features service, looked up when needed, not injected: while the boot features settle, Karaf may
     * restart it, and an instance injected before that refuses work.
     */
    static FeaturesService featuresService(BundleContext context) {
        ServiceReference<FeaturesService> reference = context.getServiceReference(FeaturesService.class);
        assertNotNull("Karaf's features service", reference);
        return context.getService(reference);
    }
}
