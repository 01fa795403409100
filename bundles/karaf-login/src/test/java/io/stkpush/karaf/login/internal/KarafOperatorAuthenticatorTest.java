package io.stkpush.karaf.login.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private KarafOperatorAuthenticator authenticator(Duration cacheFor) {
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
                new KarafOperatorAuthenticator.Settings("karaf", "stkpush-operator", cacheFor), clock);
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
