package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;
import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The {@code stkpush:*} shell commands in the demo assembly, run through Karaf's own {@link SessionFactory} as a
 * logged-in user (a JAAS subject, as ssh and the console run them): a push to the simulator confirmed, shown in
 * full and listed; a late payment listed as unredeemed and linked once; reconcile; the Daraja sign-in; plain errors;
 * and the command ACL that keeps them to Karaf's admin role. The clock is shortened as in {@link PushFlowIT}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT {

    private static final Duration SETTLED = Duration.ofSeconds(30);
    private static final Pattern PUSH = Pattern.compile("Push ([0-9a-f-]{36}): ([A-Z]+)");
    /** An msisdn in full; the commands only ever show 2547****1234. */
    private static final Pattern FULL_PHONE = Pattern.compile("(?<![0-9a-f])254[17]\\d{8}(?![0-9a-f])");

    /** Karaf's administrator after the JAAS login (users.properties: karaf, in admingroup). */
    private static final Subject KARAF = subject(new UserPrincipal("karaf"), new RolePrincipal("admin"),
            new RolePrincipal("manager"), new RolePrincipal("viewer"), new RolePrincipal("ssh"));
    /** The demo's front-desk operator: the portal's role, not Karaf's admin. */
    private static final Subject OPERATOR = subject(new UserPrincipal("operator"),
            new RolePrincipal("stkpush-operator"));

    private static boolean settled;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator(),
            StkpushKaraf.fastPushFlow()};
    }

    /** The probe starts while the boot features may still be settling; the commands come with the stkpush bundle. */
    @Before
    public void commandsAreThere() throws Exception {
        if (settled) {
            return;
        }
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        long deadline = System.nanoTime() + HealthOnH2IT.BOOT.toNanos();
        while (sessionFactory().getRegistry().getCommand("stkpush", "test-connection") == null) {
            assertTrue("the stkpush commands are registered", System.nanoTime() < deadline);
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
        // the commands' optional references are looked up per call: the demo host's directory may come after
        // health is UP on a busy machine, and a command then says it is not running
        for (String service : List.of("io.stkpush.host.SubscriberDirectory", "io.stkpush.api.PushPayments")) {
            while (context.getServiceReference(service) == null) {
                assertTrue(service + " is registered", System.nanoTime() < deadline);
                Thread.sleep(200); // poll interval; the deadline bounds the wait
            }
        }
        settled = true;
    }

    @Test
    public void aPromptSentFromTheShellIsConfirmedShownInFullAndListed() throws Exception {
        String sent = run(KARAF, "stkpush:push sub-0001 1500");

        Matcher push = PUSH.matcher(sent);
        assertTrue(sent, push.find());
        String id = push.group(1);
        assertTrue(sent, sent.contains(" for sub-0001 (") && sent.contains(", KES 1,500, by karaf."));
        assertNoFullPhone(sent);

        String status = awaitStatus(id, "CONFIRMED");
        assertTrue(status, status.contains("Message      Payment received and recorded.\n"));
        assertTrue(status, Pattern.compile("Receipt +[A-Z0-9]{10}\n").matcher(status).find());
        assertTrue(status, status.contains("Operator     karaf\n"));
        assertTrue(status, status.contains(" (linked to sub-0001)\n"));
        assertNoFullPhone(status);

        String listed = run(KARAF, "stkpush:pushes");
        String row = lineWith(listed, id);
        assertTrue(row, row.contains("sub-0001") && row.contains("KES 1,500") && row.contains("CONFIRMED"));
        assertTrue(row, row.contains("2547****"));
        assertNoFullPhone(listed);
        assertTrue(run(KARAF, "stkpush:pushes --status CONFIRMED --limit 5").contains(id));
        assertFalse(run(KARAF, "stkpush:pushes --status FAILED").contains(id));
    }

    @Test
    public void aLatePaymentIsListedAsUnredeemedAndLinkedOnce() throws Exception {
        // scenario 08: paid after the (shortened) window, so held as a late payment
        String id = pushId(run(KARAF, "stkpush:push sub-0009 2500"));

        String row = awaitLine("stkpush:unredeemed", line -> line.contains("sub-0009") && line.contains(
                "late_payment"));
        String paymentId = row.strip().split("[\\s|│]+")[0];
        assertTrue(row, row.contains("KES 2,500") && row.contains("2547****"));

        String linked = run(KARAF, "stkpush:link " + paymentId + " sub-0009");
        assertTrue(linked, linked.startsWith("Payment " + paymentId + " (KES 2,500, receipt "));
        assertTrue(linked, linked.contains(") linked to sub-0009 (") && linked.contains(" by karaf."));
        assertEquals("This payment is already linked to subscriber sub-0009.",
                failure(KARAF, "stkpush:link " + paymentId + " sub-0001"));
        assertFalse(run(KARAF, "stkpush:unredeemed").contains(paymentId));
        assertTrue(run(KARAF, "stkpush:status " + id).contains("Payment      " + paymentId + " (linked to sub-0009)"));
    }

    @Test
    public void reconcileAsksTheProviderAndPrintsWhatItSaidAndThePush() throws Exception {
        // scenario 05: the callback never comes; only asking M-Pesa reveals the payment
        String id = pushId(run(KARAF, "stkpush:push sub-0006 800"));

        List<String> asked = run(KARAF, "stkpush:reconcile " + id).lines().toList();
        assertEquals(asked.toString(), 3, asked.size());
        assertFalse(asked.toString(), asked.get(0).isBlank());
        assertTrue(asked.toString(), asked.get(1).matches("Push " + id + ": (WAITING|CONFIRMED)"));

        awaitStatus(id, "CONFIRMED");
        List<String> settledPush = run(KARAF, "stkpush:reconcile " + id).lines().toList();
        assertEquals(List.of("Push " + id + ": CONFIRMED", "Payment received and recorded."),
                settledPush.subList(1, settledPush.size()));

        String unknown = "5d1c7a3e-2b4f-4c6d-8e9f-0a1b2c3d4e5f";
        assertEquals("There is no push with the id " + unknown + ".", failure(KARAF, "stkpush:reconcile " + unknown));
    }

    @Test
    public void testConnectionSaysMpesaAcceptedTheKeysWithoutAToken() throws Exception {
        String out = run(KARAF, "stkpush:test-connection");

        assertTrue(out, out.startsWith("daraja: M-Pesa accepted the consumer key and secret"));
        assertEquals(out, 1, out.lines().count());
        assertFalse("no secret: " + out, out.contains("itest-secret"));
    }

    @Test
    public void mistakesAreOnePlainLineAndNoStackTrace() throws Exception {
        assertEquals("Enter a whole amount in KES between 1 and 250,000.",
                failure(KARAF, "stkpush:push sub-0001 1500.50"));
        assertEquals("Enter a whole amount in KES between 1 and 250,000.", failure(KARAF, "stkpush:push sub-0001 0"));
        assertEquals("Enter a Safaricom number like 0712345678 or 254712345678.",
                failure(KARAF, "stkpush:push --phone 12345 sub-0001 100"));
        assertEquals("There is no subscriber with the id sub-9999.", failure(KARAF, "stkpush:push sub-9999 100"));
        assertEquals("There is no push with the id nope.", failure(KARAF, "stkpush:status nope"));
        assertEquals("There is no status PAID. Use one of SENDING, WAITING, CONFIRMED, CANCELLED, TIMEOUT, FAILED,"
                + " STOPPED.", failure(KARAF, "stkpush:pushes --status PAID"));

        // a mistake is not an unexpected failure: nothing logged with a trace for it
        String log = Files.readString(Path.of(System.getProperty("karaf.data"), "log", "karaf.log"));
        for (String command : List.of("stkpush:push failed", "stkpush:status failed", "stkpush:pushes failed")) {
            assertFalse(command, log.contains(command));
        }
    }

    @Test
    public void theJournalArchiveCountsWhatItWouldMoveAndKeepsTheLast90Days() throws Exception {
        LocalDate longAgo = LocalDate.now().minusDays(100);
        // this Karaf's journal is days old at most: nothing to archive, nothing kept back
        assertEquals("Nothing to archive from before " + longAgo + "; no older entry stays.",
                run(KARAF, "stkpush:journal-archive --dry-run --before " + longAgo).strip());
        String refused = failure(KARAF, "stkpush:journal-archive --before " + LocalDate.now());
        assertTrue(refused, refused.startsWith("The journal keeps at least its last 90 days: give a day on or before "));
    }

    @Test
    public void onlyKarafsAdminRoleHasTheCommands() throws Exception {
        Path acl = Path.of(System.getProperty("karaf.etc"), "org.apache.karaf.command.acl.stkpush.cfg");
        assertTrue("the feature wrote " + acl, Files.isRegularFile(acl));
        assertTrue(Files.readString(acl), Files.readString(acl).matches("(?s).*\\*\\s*=\\s*admin.*"));

        for (String command : List.of("stkpush:pushes", "stkpush:push sub-0001 100", "stkpush:unredeemed",
                "stkpush:test-connection", "stkpush:journal-archive --dry-run --before 2020-01-01")) {
            String refused = failure(OPERATOR, command);
            assertTrue(command + ": " + refused, refused.contains("Command not found")
                    || refused.contains(command.split(" ")[0]));
        }
        assertTrue(run(KARAF, "stkpush:unredeemed").contains("Payment"));
    }

    // ------------------------------------------------------------------------------------------------------

    /** Runs {@code command} in a new session as {@code user}, and returns what it printed. */
    private String run(Subject user, String command) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SessionFactory factory = sessionFactory();
        try {
            Subject.doAs(user, (PrivilegedExceptionAction<Void>) () -> {
                Session session = factory.create(new ByteArrayInputStream(new byte[0]), console, console);
                try {
                    Object result = session.execute(command);
                    if (result != null) {
                        console.println(result);
                    }
                } finally {
                    session.close();
                }
                return null;
            });
        } catch (PrivilegedActionException e) {
            throw e.getException();
        }
        console.flush();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code command} expecting it to fail, and returns the line it failed with. */
    private String failure(Subject user, String command) {
        try {
            String out = run(user, command);
            fail(command + " succeeded: " + out);
            return out;
        } catch (Exception e) {
            assertNotNull(command, e.getMessage());
            assertEquals(command + ": one line", 1, e.getMessage().lines().count());
            return e.getMessage();
        }
    }

    private String awaitStatus(String pushId, String status) throws Exception {
        long deadline = System.nanoTime() + SETTLED.toNanos();
        String out = run(KARAF, "stkpush:status " + pushId);
        while (!out.contains("Status       " + status + "\n")) {
            assertTrue("status " + status + " within " + SETTLED + ":\n" + out, System.nanoTime() < deadline);
            Thread.sleep(250); // poll interval; the deadline bounds the wait
            out = run(KARAF, "stkpush:status " + pushId);
        }
        return out;
    }

    private String awaitLine(String command, Predicate<String> wanted) throws Exception {
        long deadline = System.nanoTime() + SETTLED.toNanos();
        while (true) {
            String out = run(KARAF, command);
            for (String line : out.lines().toList()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            assertTrue(command + " within " + SETTLED + ":\n" + out, System.nanoTime() < deadline);
            Thread.sleep(250); // poll interval; the deadline bounds the wait
        }
    }

    private static String pushId(String sent) {
        Matcher push = PUSH.matcher(sent);
        assertTrue(sent, push.find());
        return push.group(1);
    }

    private static String lineWith(String out, String text) {
        return out.lines().filter(line -> line.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError(text + " not in:\n" + out));
    }

    private static void assertNoFullPhone(String out) {
        assertFalse("phones are masked:\n" + out, FULL_PHONE.matcher(out).find());
    }

    /** Karaf's session factory, looked up when used: the shell bundle may be refreshed while boot features settle. */
    private SessionFactory sessionFactory() throws InterruptedException {
        long deadline = System.nanoTime() + HealthOnH2IT.BOOT.toNanos();
        while (true) {
            ServiceReference<SessionFactory> reference = context.getServiceReference(SessionFactory.class);
            SessionFactory factory = reference == null ? null : context.getService(reference);
            if (factory != null) {
                return factory;
            }
            assertTrue("Karaf's SessionFactory", System.nanoTime() < deadline);
            Thread.sleep(200); // poll interval; the deadline bounds the wait
        }
    }

    private static Subject subject(Principal... principals) {
        return new Subject(true, Set.of(principals), Set.of(), Set.of());
    }
}
