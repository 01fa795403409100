package io.stkpush.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

import io.stkpush.api.provider.SharedToken;
import io.stkpush.api.provider.SharedTokens;
import io.stkpush.schema.Jdbc;

/**
 * The provider's access token in the table {@code provider_token}, one row per account, keyed by a SHA-256 hash of
 * the account's name so no credential in it is stored. {@link #renew} holds the row's lock ({@code SELECT ... FOR
 * UPDATE}) while the provider is asked, so nodes renewing at once ask one at a time, and each later one finds the
 * token the first stored. The token is a bearer credential: it is never logged and appears in no message.
 */
final class JdbcSharedTokens implements SharedTokens {

    /** The widest token and node name the table keeps. */
    static final int MAX_TOKEN = 4000;
    static final int MAX_NODE = 128;

    private final LedgerDatabase database;

    JdbcSharedTokens(LedgerDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<SharedToken> current(String account) {
        String hash = hash(account);
        return database.oneStatement("read the shared provider token",
                c -> Optional.ofNullable(read(c, hash, "")));
    }

    @Override
    public <E extends Exception> SharedToken renew(String account, String expectedValue, Instant now,
            TokenRequest<E> request) throws E {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(request, "request");
        String hash = hash(account);
        // a row to lock even before the first token; a second node's insert finds it there
        database.inTransaction("prepare the shared provider token", c -> LedgerDatabase.insertUnlessDuplicate(c,
                "INSERT INTO provider_token (account_hash) VALUES (?)", ps -> ps.setString(1, hash)));
        SharedToken[] asked = new SharedToken[1];
        try {
            return database.inTransaction("renew the shared provider token", c -> {
                SharedToken stored = read(c, hash, " FOR UPDATE");
                if (stored != null && !stored.value().equals(expectedValue) && stored.isFreshAt(now)) {
                    return stored; // renewed by another node while this one waited for the lock
                }
                if (asked[0] == null) { // never twice, should the transaction be retried
                    asked[0] = ask(request);
                }
                store(c, hash, asked[0]);
                return asked[0];
            });
        } catch (RequestFailed failed) {
            throw failed.<E>cause();
        }
    }

    private static SharedToken read(Connection c, String hash, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT token, refresh_at, fetched_at, fetched_by"
                + " FROM provider_token WHERE account_hash = ?" + lock)) {
            ps.setString(1, hash);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString("token") == null) {
                    return null;
                }
                return new SharedToken(rs.getString("token"), Jdbc.instant(rs, "refresh_at"),
                        Jdbc.instant(rs, "fetched_at"), rs.getString("fetched_by"));
            }
        }
    }

    private static void store(Connection c, String hash, SharedToken token) throws SQLException {
        if (token.value().length() > MAX_TOKEN) {
            throw new IllegalArgumentException("A shared token is at most " + MAX_TOKEN + " characters.");
        }
        String node = token.fetchedBy().length() > MAX_NODE ? token.fetchedBy().substring(0, MAX_NODE)
                : token.fetchedBy();
        try (PreparedStatement ps = c.prepareStatement("UPDATE provider_token"
                + " SET token = ?, refresh_at = ?, fetched_at = ?, fetched_by = ? WHERE account_hash = ?")) {
            ps.setString(1, token.value());
            // the database keeps microseconds: what is written reads back equal
            Jdbc.setInstant(ps, 2, token.refreshAt().truncatedTo(ChronoUnit.MICROS));
            Jdbc.setInstant(ps, 3, token.fetchedAt().truncatedTo(ChronoUnit.MICROS));
            ps.setString(4, node);
            ps.setString(5, hash);
            ps.executeUpdate();
        }
    }

    private static SharedToken ask(TokenRequest<?> request) {
        SharedToken token;
        try {
            token = request.ask();
        } catch (Exception e) {
            throw new RequestFailed(e);
        }
        return Objects.requireNonNull(token, "the token request answered no token");
    }

    /** Carries the request's own exception through the transaction (which rolls back) to the caller. */
    private static final class RequestFailed extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RequestFailed(Exception cause) {
            super(null, cause, false, false);
        }

        @SuppressWarnings("unchecked")
        <E extends Exception> E cause() {
            Throwable cause = getCause();
            if (cause instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            return (E) cause; // the request's E: it throws nothing else that is checked
        }
    }

    /** SHA-256 of the account's name, in hex: the row's key, from which the name cannot be read back. */
    static String hash(String account) {
        Objects.requireNonNull(account, "account");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(account.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
