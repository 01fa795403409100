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
@Component(service = OperatorAuthenticator.class, configurationPid = KarafOperatorAuthenticator.PID)
@Designate(ocd = LoginConfig.class)
public class KarafOperatorAuthenticator implements OperatorAuthenticator {

    static final String PID = "io.stkpush.login";

    /** Karaf's role principal (org.apache.karaf.jaas.boot.principal.RolePrincipal), known by name only. */
    static final String ROLE_PRINCIPAL = "RolePrincipal";

    /** Beyond this many remembered logins the cache starts again; it only saves JAAS calls. */
    static final int MAX_CACHED_LOGINS = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(KarafOperatorAuthenticator.class);

    record Settings(String realm, String operatorRole, Duration cacheFor) {
        static Settings of(LoginConfig config) {
            return new Settings(config.realm().strip(), config.operatorRole().strip(),
                    Duration.ofSeconds(Math.max(0, config.loginCacheSeconds())));
        }
    }

    private record CachedLogin(OperatorName operator, Instant until) {
    }

    private final JaasLogin jaas;
    private final Clock clock;
    private final Map<String, CachedLogin> cache = new ConcurrentHashMap<>();
    private final byte[] salt = new byte[16];
    private volatile Settings settings;

    @Activate
    public KarafOperatorAuthenticator(LoginConfig config) {
        this(JaasLogin.karaf(), Settings.of(config), Clock.systemUTC());
    }

    KarafOperatorAuthenticator(JaasLogin jaas, Settings settings, Clock clock) {
        this.jaas = jaas;
        this.settings = settings;
        this.clock = clock;
        new SecureRandom().nextBytes(salt);
    }

    @Modified
    void modified(LoginConfig config) {
        settings = Settings.of(config);
        // a changed realm or role must apply to the next request, not after the cache runs out
        cache.clear();
    }

    @Override
    public Optional<OperatorName> authenticate(OperatorRequest request) {
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.header("Authorization"));
        if (credentials.isEmpty()) {
            return Optional.empty();
        }
        Settings current = settings;
        String key = cacheKey(current, credentials.get());
        Instant now = clock.instant();
        CachedLogin cached = cache.get(key);
        if (cached != null && now.isBefore(cached.until())) {
            return Optional.of(cached.operator());
        }
        Optional<OperatorName> operator = login(current, credentials.get());
        if (operator.isPresent() && !current.cacheFor().isZero()) {
            if (cache.size() >= MAX_CACHED_LOGINS) {
                cache.clear();
            }
            cache.put(key, new CachedLogin(operator.get(), now.plus(current.cacheFor())));
        }
        return operator;
    }

    private Optional<OperatorName> login(Settings current, BasicCredentials credentials) {
        Set<Principal> principals;
        try {
            principals = jaas.login(current.realm(), credentials.user(), credentials.password().toCharArray());
        } catch (LoginException e) {
            LOG.info("Operator login refused for '{}'", credentials.user());
            return Optional.empty();
        }
        boolean operator = principals.stream().anyMatch(p -> p.getClass().getSimpleName().equals(ROLE_PRINCIPAL)
                && current.operatorRole().equals(p.getName()));
        if (!operator) {
            LOG.info("'{}' logged in but lacks the role '{}'", credentials.user(), current.operatorRole());
            return Optional.empty();
        }
        return Optional.of(new OperatorName(credentials.user()));
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
