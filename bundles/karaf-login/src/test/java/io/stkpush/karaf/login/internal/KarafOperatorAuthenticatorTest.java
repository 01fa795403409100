package io.stkpush.karaf.login.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorRequest;
import io.stkpush.testing.Configs;
import io.stkpush.testing.MutableClock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Operator login through a real JAAS LoginContext on a test realm whose module behaves like Karaf's properties
 * module (user and role principals). Karaf's own realm is exercised in the Pax Exam tests.
 */
class KarafOperatorAuthenticatorTest {

    /** user → password and roles, like etc/users.properties */
    static final Map<String, List<String>> USERS = Map.of(
            "operator", List.of("operator", "stkpush-operator"),
            "karaf", List.of("karaf", "admin"));

    static final AtomicInteger LOGINS = new AtomicInteger();

    private MutableClock clock;
    private KarafOperatorAuthenticator authenticator;

    @BeforeEach
    void setUp() {
        LOGINS.set(0);
        clock = new MutableClock(Instant.parse("2025-03-10T09:30:00Z"));
        authenticator = authenticator(Duration.ofSeconds(60));
    }

    /** The defaults: 5 failures within 300 s lock the name for 60 s, then 120 s, … at most 15 min. */
    static final LoginThrottle.Rules RULES =
            new LoginThrottle.Rules(5, Duration.ofSeconds(300), Duration.ofSeconds(60));

    private KarafOperatorAuthenticator authenticator(Duration cacheFor) {
        return authenticator(cacheFor, new LoginThrottle());
    }

    private KarafOperatorAuthenticator authenticator(Duration cacheFor, LoginThrottle throttle) {
        Configuration realm = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return name.equals("karaf") ? new AppConfigurationEntry[] {new AppConfigurationEntry(
                        UsersLoginModule.class.getName(), AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of())} : null;
            }
        };
        JaasLogin jaas = new JaasLogin((name, subject, handler) -> new LoginContext(name, subject, handler, realm));
        return new KarafOperatorAuthenticator(jaas,
                new KarafOperatorAuthenticator.Settings("karaf", "stkpush-operator", cacheFor, RULES), clock, throttle);
    }

    @Test
    void aUserWithTheOperatorRoleIsAnOperator() {
        assertEquals(Optional.of(new OperatorName("operator")), authenticator.authenticate(basic("operator", "operator")));
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertTrue(authenticator.authenticate(basic("operator", "nope")).isEmpty());
        assertTrue(authenticator.authenticate(basic("stranger", "operator")).isEmpty());
    }

    @Test
    void anAdministratorWithoutTheOperatorRoleIsRefused() {
        assertTrue(authenticator.authenticate(basic("karaf", "karaf")).isEmpty());
    }

    @Test
    void requestsWithoutBasicCredentialsAreRefusedWithoutAskingJaas() {
        assertTrue(authenticator.authenticate(request(Map.of())).isEmpty());
        assertTrue(authenticator.authenticate(request(Map.of("authorization", List.of("Bearer abc")))).isEmpty());
        assertTrue(authenticator.authenticate(request(Map.of("authorization", List.of("Basic !!!")))).isEmpty());
        String noColon = Base64.getEncoder().encodeToString("operator".getBytes(StandardCharsets.UTF_8));
        assertTrue(authenticator.authenticate(request(Map.of("authorization", List.of("Basic " + noColon)))).isEmpty());
        assertEquals(0, LOGINS.get());
    }

    @Test
    void aSuccessfulLoginIsRememberedBriefly() {
        authenticator.authenticate(basic("operator", "operator"));
        clock.advance(Duration.ofSeconds(59));
        assertEquals(Optional.of(new OperatorName("operator")), authenticator.authenticate(basic("operator", "operator")));
        assertEquals(1, LOGINS.get());

        clock.advance(Duration.ofSeconds(2));
        authenticator.authenticate(basic("operator", "operator"));
        assertEquals(2, LOGINS.get());
    }

    @Test
    void theCacheNeverLetsAnotherPasswordIn() {
        authenticator.authenticate(basic("operator", "operator"));
        assertTrue(authenticator.authenticate(basic("operator", "operator2")).isEmpty());
        assertTrue(authenticator.authenticate(basic("operator", "nope")).isEmpty());
        // failures are not remembered
        assertEquals(3, LOGINS.get());
    }

    @Test
    void aChangedRoleAppliesToTheNextRequestNotAfterTheCache() {
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isPresent());
        assertTrue(authenticator.authenticate(basic("karaf", "karaf")).isEmpty());

        authenticator.modified(Configs.of(LoginConfig.class, Map.of("operatorRole", "admin")));

        assertTrue(authenticator.authenticate(basic("operator", "operator")).isEmpty(), "not served from the cache");
        assertEquals(Optional.of(new OperatorName("karaf")), authenticator.authenticate(basic("karaf", "karaf")));
    }

    @Test
    void aChangedRealmAppliesToTheNextRequest() {
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isPresent());

        authenticator.modified(Configs.of(LoginConfig.class, Map.of("realm", "billing")));

        assertTrue(authenticator.authenticate(basic("operator", "operator")).isEmpty(),
                "the test JAAS configuration has no realm 'billing'");
    }

    /** What bnd wrote for DS and metatype (target/classes, before the jar is packed): the PID the README names. */
    @Test
    void isConfiguredUnderIoStkpushLoginWithKarafsRealmAndTheOperatorRoleByDefault() throws Exception {
        Path classes = Path.of("target", "classes", "OSGI-INF");
        String component = Files.readString(classes.resolve(KarafOperatorAuthenticator.class.getName() + ".xml"));
        assertTrue(component.contains("configuration-pid=\"io.stkpush.login\""), component);
        assertTrue(component.contains("<provide interface=\"io.stkpush.host.OperatorAuthenticator\"/>"), component);

        String metatype = Files.readString(classes.resolve("metatype/io.stkpush.login.xml"));
        assertTrue(metatype.contains("<Designate pid=\"io.stkpush.login\">"), metatype);
        assertTrue(metatype.contains("id=\"realm\"") && metatype.contains("default=\"karaf\""), metatype);
        assertTrue(metatype.contains("id=\"operatorRole\"") && metatype.contains("default=\"stkpush-operator\""),
                metatype);
        assertTrue(metatype.contains("id=\"loginCacheSeconds\"") && metatype.contains("default=\"60\""), metatype);
        assertTrue(metatype.contains("id=\"maxFailures\"") && metatype.contains("default=\"5\""), metatype);
        assertTrue(metatype.contains("id=\"failureWindowSeconds\"") && metatype.contains("default=\"300\""),
                metatype);
        assertTrue(metatype.contains("id=\"lockoutSeconds\""), metatype);
        // and what the component makes of the defaults
        KarafOperatorAuthenticator.Settings defaults = KarafOperatorAuthenticator.Settings.of(
                Configs.of(LoginConfig.class, Map.of()));
        assertEquals(RULES, defaults.throttle());
    }

    @Test
    void withoutACacheEveryRequestLogsIn() {
        KarafOperatorAuthenticator uncached = authenticator(Duration.ZERO);
        uncached.authenticate(basic("operator", "operator"));
        uncached.authenticate(basic("operator", "operator"));
        assertEquals(2, LOGINS.get());
    }

    @Test
    void theContextClassLoaderIsRestored() {
        ClassLoader mine = new ClassLoader(null) {
        };
        Thread.currentThread().setContextClassLoader(mine);
        try {
            authenticator.authenticate(basic("operator", "operator"));
            assertEquals(mine, Thread.currentThread().getContextClassLoader());
        } finally {
            Thread.currentThread().setContextClassLoader(KarafOperatorAuthenticatorTest.class.getClassLoader());
        }
    }

    @Test
    void basicCredentialsKeepColonsInThePassword() {
        BasicCredentials c = BasicCredentials.parse("basic " + encode("op", "a:b")).orElseThrow();
        assertEquals("op", c.user());
        assertEquals("a:b", c.password());
        assertEquals("BasicCredentials[op]", c.toString());
    }

    // --- a login brute force is slowed

    @Test
    void fiveWrongPasswordsLockTheNameWithoutAskingJaas() throws Exception {
        failTimes("operator", 4);
        assertEquals(4, LOGINS.get());
        String log = capturingStandardError(() -> {
            assertTrue(authenticator.authenticate(basic("operator", "guess-5")).isEmpty());
            for (int i = 0; i < 20; i++) {
                assertTrue(authenticator.authenticate(basic("operator", "guess-" + (6 + i))).isEmpty());
            }
            assertTrue(authenticator.authenticate(basic("operator", "operator")).isEmpty(),
                    "the right password too, while locked");
        });
        assertEquals(5, LOGINS.get(), "JAAS was asked 5 times, not for the 21 logins while locked");
        assertEquals(1, count(log, "WARN"), log);
        assertTrue(log.contains("'operator' are refused for 60 s after 5 failed attempts"), log);
        assertFalse(log.contains("guess-"), "never a password in the log: " + log);
    }

    @Test
    void theLockEndsAfterItsTimeAndASuccessStartsAgain() {
        failTimes("operator", 5);
        clock.advance(Duration.ofSeconds(59));
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isEmpty());
        assertEquals(5, LOGINS.get());

        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.of(new OperatorName("operator")), authenticator.authenticate(basic("operator", "operator")));
        assertEquals(6, LOGINS.get());

        // the success cleared the count and the lockout level: 4 failures lock nothing, the 5th locks for 60 s
        failTimes("operator", 4);
        assertTrue(authenticator.authenticate(basic("operator", "nope")).isEmpty());
        assertEquals(11, LOGINS.get());
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isEmpty(), "locked again");
        clock.advance(Duration.ofSeconds(60));
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isPresent(), "after 60 s, not 120");
    }

    @Test
    void eachFurtherLockoutWithinTheWindowLastsTwiceAsLongUpTo15Minutes() {
        long[] expected = {60, 120, 240, 480, 900, 900};
        failTimes("operator", 5);
        for (long seconds : expected) {
            int asked = LOGINS.get();
            clock.advance(Duration.ofSeconds(seconds - 1));
            assertTrue(authenticator.authenticate(basic("operator", "nope")).isEmpty());
            assertEquals(asked, LOGINS.get(), "still locked 1 s before " + seconds + " s");
            clock.advance(Duration.ofSeconds(1));
            assertTrue(authenticator.authenticate(basic("operator", "nope")).isEmpty());
            assertEquals(asked + 1, LOGINS.get(), "asked again after " + seconds + " s");
            // that attempt counted: 4 more make the next lockout
            failTimesAfterFirst("operator", 4);
        }
    }

    @Test
    void aLockoutLongAfterTheLastOneIsShortAgain() {
        failTimes("operator", 5);
        clock.advance(Duration.ofSeconds(60 + 301));
        failTimes("operator", 5);
        clock.advance(Duration.ofSeconds(60));
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isPresent(), "60 s again, not 120");
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        failTimes("operator", 4);
        clock.advance(Duration.ofSeconds(300));
        failTimes("operator", 4);
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isPresent());
    }

    @Test
    void anotherUserIsNotAffectedNorAreTheirRememberedLogins() {
        KarafOperatorAuthenticator twoOperators = authenticator(Duration.ofSeconds(60));
        assertTrue(twoOperators.authenticate(basic("operator", "operator")).isPresent());
        for (int i = 0; i < 5; i++) {
            assertTrue(twoOperators.authenticate(basic("karaf", "nope")).isEmpty());
        }
        int asked = LOGINS.get();
        assertEquals(Optional.of(new OperatorName("operator")), twoOperators.authenticate(basic("operator", "operator")));
        assertEquals(asked, LOGINS.get(), "served from the cache");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(Optional.of(new OperatorName("operator")), twoOperators.authenticate(basic("operator", "operator")));
        assertEquals(asked + 1, LOGINS.get());
    }

    @Test
    void aRememberedLoginDoesNotLetALockedNameIn() {
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isPresent());
        failTimes("operator", 5);
        assertTrue(authenticator.authenticate(basic("operator", "operator")).isEmpty(),
                "a right guess while locked must look like a wrong one, cached or not");
    }

    @Test
    void aRightPasswordWithoutTheRoleIsNoFailure() {
        for (int i = 0; i < 10; i++) {
            assertTrue(authenticator.authenticate(basic("karaf", "karaf")).isEmpty());
        }
        assertEquals(10, LOGINS.get(), "never locked: the password was right every time");
    }

    @Test
    void unknownNamesAreCountedAndAtMost10000AreRemembered() {
        LoginThrottle throttle = new LoginThrottle();
        KarafOperatorAuthenticator counted = authenticator(Duration.ofSeconds(60), throttle);
        for (int i = 0; i < 4; i++) {
            counted.authenticate(basic("oldest", "nope"));
        }
        for (int i = 0; i < LoginThrottle.MAX_TRACKED_NAMES; i++) {
            counted.authenticate(basic("guessed-" + i, "nope"));
        }
        assertEquals(LoginThrottle.MAX_TRACKED_NAMES, throttle.trackedNames());
        // the name tried longest ago was forgotten: its 5th failure starts a new count instead of a lockout
        counted.authenticate(basic("oldest", "nope"));
        int asked = LOGINS.get();
        counted.authenticate(basic("oldest", "nope"));
        assertEquals(asked + 1, LOGINS.get());
        assertEquals(LoginThrottle.MAX_TRACKED_NAMES, throttle.trackedNames());

        for (int i = 0; i < 5; i++) {
            counted.authenticate(basic("stranger", "nope"));
        }
        asked = LOGINS.get();
        assertTrue(counted.authenticate(basic("stranger", "operator")).isEmpty());
        assertEquals(asked, LOGINS.get(), "an unknown name is locked like a known one");
    }

    @Test
    void parallelGuessesCannotOvertakeTheCount() {
        LoginThrottle throttle = new LoginThrottle();
        Instant now = clock.instant();
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.tryStart("operator", RULES, now), "login " + (i + 1) + " may ask JAAS");
        }
        assertFalse(throttle.tryStart("operator", RULES, now), "5 unanswered logins would lock if they failed");
        throttle.accepted("operator");
        assertTrue(throttle.tryStart("operator", RULES, now));
    }

    @Test
    void userNamesAreLoggedOnOneLine() {
        assertEquals("a?b", KarafOperatorAuthenticator.printable("a\nb"));
        assertEquals(65, KarafOperatorAuthenticator.printable("x".repeat(10_000)).length());
    }

    private void failTimes(String user, int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(authenticator.authenticate(basic(user, "wrong-" + i)).isEmpty());
        }
    }

    private void failTimesAfterFirst(String user, int times) {
        failTimes(user, times);
        assertTrue(authenticator.authenticate(basic(user, "operator")).isEmpty(), "locked again");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String capturingStandardError(Runnable work) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // slf4j-simple looks System.err up at every line, so the warning lands here
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }

    static OperatorRequest basic(String user, String password) {
        return request(Map.of("authorization", List.of("Basic " + encode(user, password))));
    }

    static String encode(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static OperatorRequest request(Map<String, List<String>> headers) {
        return new OperatorRequest(headers, Map.of());
    }

    /** Named like Karaf's, which is how the authenticator recognises roles. */
    static final class RolePrincipal implements Principal {
        private final String name;

        RolePrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    static final class UserPrincipal implements Principal {
        private final String name;

        UserPrincipal(String name) {
            this.name = name;
        }

        @Override
        public String getName() {
            return name;
        }
    }

    /** Checks {@link #USERS} through the name and password callbacks, as Karaf's PropertiesLoginModule does. */
    public static final class UsersLoginModule implements LoginModule {
        private Subject subject;
        private CallbackHandler handler;
        private String user;

        @Override
        public void initialize(Subject subject, CallbackHandler handler, Map<String, ?> sharedState,
                Map<String, ?> options) {
            this.subject = subject;
            this.handler = handler;
        }

        @Override
        public boolean login() throws LoginException {
            LOGINS.incrementAndGet();
            NameCallback name = new NameCallback("user");
            PasswordCallback password = new PasswordCallback("password", false);
            try {
                handler.handle(new Callback[] {name, password});
            } catch (Exception e) {
                throw new LoginException(e.getMessage());
            }
            List<String> entry = USERS.get(name.getName());
            if (entry == null || !entry.get(0).equals(new String(password.getPassword()))) {
                throw new FailedLoginException("wrong user or password");
            }
            user = name.getName();
            return true;
        }

        @Override
        public boolean commit() {
            subject.getPrincipals().add(new UserPrincipal(user));
            USERS.get(user).stream().skip(1).forEach(role -> subject.getPrincipals().add(new RolePrincipal(role)));
            return true;
        }

        @Override
        public boolean abort() {
            return true;
        }

        @Override
        public boolean logout() {
            subject.getPrincipals().clear();
            return true;
        }
    }
}
