package io.stkpush.karaf.login.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.security.auth.login.LoginException;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.host.OperatorRequest;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators are Karaf users: HTTP Basic credentials are checked against a JAAS realm ({@code karaf} by default,
 * the users of {@code etc/users.properties}), and the user needs the operator role ({@code stkpush-operator} by
 * default), directly or through a group. For a billing server that keeps its staff in Karaf's realm.
 */
@Component(service = OperatorAuthenticator.class, configurationPid = KarafOperatorAuthenticator.PID,
        immediate = true)
@Designate(ocd = LoginConfig.class)
public class KarafOperatorAuthenticator implements OperatorAuthenticator {

    static final String PID = "io.stkpush.login";

    /** Karaf's role principal (org.apache.karaf.jaas.boot.principal.RolePrincipal), known by name only. */
    static final String ROLE_PRINCIPAL = "RolePrincipal";

    /** Beyond this many remembered logins the cache starts again; it only saves JAAS calls. */
    static final int MAX_CACHED_LOGINS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(KarafOperatorAuthenticator.class);

    record Settings(String realm, String operatorRole, Duration cacheFor, LoginThrottle.Rules throttle) {
        static Settings of(LoginConfig config) {
            return new Settings(config.realm().strip(), config.operatorRole().strip(),
                    Duration.ofSeconds(Math.max(0, config.loginCacheSeconds())),
                    new LoginThrottle.Rules(config.maxFailures(), Duration.ofSeconds(config.failureWindowSeconds()),
                            Duration.ofSeconds(config.lockoutSeconds())));
        }
    }

    private record CachedLogin(OperatorName operator, Instant until) {
    }

    private final JaasLogin jaas;
    private final Clock clock;
    private final Map<String, CachedLogin> cache = new ConcurrentHashMap<>();
    private final LoginThrottle throttle;
    private final byte[] salt = new byte[16];
    private volatile Settings settings;

    @Activate
    public KarafOperatorAuthenticator(LoginConfig config) {
        this(JaasLogin.karaf(), Settings.of(config), Clock.systemUTC(), new LoginThrottle());
    }

    KarafOperatorAuthenticator(JaasLogin jaas, Settings settings, Clock clock, LoginThrottle throttle) {
        this.jaas = jaas;
        this.throttle = throttle;
        this.settings = settings;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    @Modified
    void modified(LoginConfig config) {
        settings = Settings.of(config);
        // a changed realm or role must apply to the next request, not after the cache runs out; lockouts stay,
        // so saving the configuration does not free a name someone is guessing
        cache.clear();
    }

    @Override
    public Optional<OperatorName> authenticate(OperatorRequest request) {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.header("Authorization"));
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        Settings current = settings;
        String user = credentials.get().user();
        Instant now = clock.instant();
        // a locked name gets nothing, not even with the right password (remembered or not): guessing while
        // locked must not tell a right guess from a wrong one
        if (throttle.locked(user, now)) {
            return Optional.empty();
        }
        String key = cacheKey(current, credentials.get());
        CachedLogin cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.operator());
        }
        if (!throttle.tryStart(user, current.throttle(), now)) {
            return Optional.empty();
        }
        Optional<OperatorName> operator = Optional.empty();
        boolean passwordAccepted = false;
        try {
            Optional<Set<Principal>> principals = login(current, credentials.get());
            passwordAccepted = principals.isPresent();
            operator = principals.flatMap(p -> operator(current, user, p));
        } finally {
            if (passwordAccepted) {
                throttle.accepted(user);
            } else {
                throttle.refused(user, current.throttle(), clock.instant());
            }
        }
        if (operator.isPresent() && !current.cacheFor().isZero()) {
            if (cache.size() >= MAX_CACHED_LOGINS) {
                cache.clear();
            }
            cache.put(key, new CachedLogin(operator.get(), now.plus(current.cacheFor())));
        }
        return operator;
    }

    /** The principals the realm gives, empty when it refuses the password. */
    private Optional<Set<Principal>> login(Settings current, BasicCredentials credentials) {
        try {
            return Optional.of(
                    jaas.login(current.realm(), credentials.user(), credentials.password().toCharArray()));
        } catch (LoginException e) {
            LOG.info("Operator login refused for '{}'", printable(credentials.user()));
            return Optional.empty();
        }
    }

    private static Optional<OperatorName> operator(Settings current, String user, Set<Principal> principals) {
        boolean operator = principals.stream().anyMatch(p -> p.getClass().getSimpleName().equals(ROLE_PRINCIPAL)
                && current.operatorRole().equals(p.getName()));
        if (!operator) {
            LOG.info("'{}' logged in but lacks the role '{}'", printable(user), current.operatorRole());
            return Optional.empty();
        }
        return Optional.of(new OperatorName(user));
    }

    /** A user name as typed by anyone: no line breaks or other control characters into the log, and not 8 KB. */
    static String printable(String user) {
        String shown = user.length() > 64 ? user.substring(0, 64) + "…" : user;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** A salted hash, so the cache never holds a password nor a hash that could be looked up elsewhere. */
    private String cacheKey(Settings settings, BasicCredentials credentials) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            String material = settings.realm() + '\u0000' + credentials.user() + '\u0000' + credentials.password();
            return HexFormat.of().formatHex(sha.digest(material.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
