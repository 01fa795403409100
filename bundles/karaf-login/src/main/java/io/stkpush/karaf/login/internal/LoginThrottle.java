package io.stkpush.karaf.login.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slows password guessing: after {@code maxFailures} refused logins of one user name within the window, that name
 * is locked for a while, twice as long on each further lockout within the window. Counted per user name only: an
 * operator request carries no address worth trusting (a forwarded-for header says whatever the caller writes).
 */
final class LoginThrottle {

    /** Names remembered at most; beyond this the least recently tried is forgotten, so guessed names cost no more. */
    static final int MAX_TRACKED_NAMES = 10_000;

    /** However often a name is locked again, it is never locked longer than this. */
    static final Duration LONGEST_LOCKOUT = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(LoginThrottle.class);

    record Rules(int maxFailures, Duration window, Duration lockout) {
        Rules {
            maxFailures = Math.max(1, maxFailures);
            window = window.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : window;
            lockout = lockout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                    : lockout.compareTo(LONGEST_LOCKOUT) > 0 ? LONGEST_LOCKOUT : lockout;
        }
    }

    /** One name's recent failures; all fields guarded by the throttle's lock. */
    private static final class Tracked {
        int failures;
        Instant windowStart;
        /** logins asked of JAAS and not yet answered: parallel guesses cannot overtake the count */
        int pending;
        int lockouts;
        Instant lockedUntil;
    }

    private final int maxTracked;
    private final byte[] salt = new byte[16];
    // access order: a name being tried stays, the one tried longest ago is dropped first
    private final LinkedHashMap<String, Tracked> tracked;

    LoginThrottle() {
        this(MAX_TRACKED_NAMES);
    }

    LoginThrottle(int maxTracked) {
        this.maxTracked = maxTracked;
        this.tracked = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Tracked> eldest) {
                return size() > LoginThrottle.this.maxTracked;
            }
        };
        new SecureRandom().nextBytes(salt);
    }

    /** Whether the name is locked now: then nothing, not even the right password or a remembered login, lets it in. */
    synchronized boolean locked(String user, Instant now) {
        Tracked t = tracked.get(key(user));
        return t != null && isLocked(t, now);
    }

    /**
     * Reserves one login of this name for JAAS; false while the name is locked, or while the logins already
     * asked would reach the limit if they failed. The answer must be given with {@link #accepted} or
     * {@link #refused}.
     */
    synchronized boolean tryStart(String user, Rules rules, Instant now) {
        String key = key(user);
        Tracked t = tracked.get(key);
        if (t == null) {
            t = new Tracked();
            tracked.put(key, t);
        } else if (isLocked(t, now) || failuresInWindow(t, rules, now) + t.pending >= rules.maxFailures()) {
            return false;
        }
        t.pending++;
        return true;
    }

    /** The realm accepted the password: the name starts again with no failures and no lockouts. */
    synchronized void accepted(String user) {
        tracked.remove(key(user));
    }

    /** The realm refused the password (or failed): one more failure, maybe the start of a lockout. */
    synchronized void refused(String user, Rules rules, Instant now) {
        String key = key(user);
        Tracked t = tracked.computeIfAbsent(key, k -> new Tracked());
        t.pending = Math.max(0, t.pending - 1);
        if (failuresInWindow(t, rules, now) == 0) {
            t.windowStart = now;
            t.failures = 0;
        }
        t.failures++;
        if (t.failures < rules.maxFailures()) {
            return;
        }
        boolean again = t.lockedUntil != null && !now.isAfter(t.lockedUntil.plus(rules.window()));
        t.lockouts = again ? t.lockouts + 1 : 1;
        Duration lockout = rules.lockout().multipliedBy(1L << Math.min(t.lockouts - 1, 20));
        if (lockout.compareTo(LONGEST_LOCKOUT) > 0) {
            lockout = LONGEST_LOCKOUT;
        }
        t.lockedUntil = now.plus(lockout);
        t.failures = 0;
        t.windowStart = null;
        LOG.warn("Operator logins as '{}' are refused for {} s after {} failed attempts; until then no password"
                + " is checked", KarafOperatorAuthenticator.printable(user), lockout.toSeconds(),
                rules.maxFailures());
    }

    /** How many names are remembered now. */
    synchronized int trackedNames() {
        return tracked.size();
    }

    private static boolean isLocked(Tracked t, Instant now) {
        return t.lockedUntil != null && now.isBefore(t.lockedUntil);
    }

    /** The window starts at the first failure and lasts {@code window}; a failure after it starts a new one. */
    private static int failuresInWindow(Tracked t, Rules rules, Instant now) {
        return t.windowStart != null && now.isBefore(t.windowStart.plus(rules.window())) ? t.failures : 0;
    }

    /** A salted hash of the name: long guessed names take no more memory than short ones. */
    private String key(String user) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return HexFormat.of().formatHex(sha.digest(user.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
