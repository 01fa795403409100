package io.stkpush.ledger.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.sql.DataSource;

import io.stkpush.schema.ListedMigrations;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's tables, migrated by Flyway (embedded in this bundle). The migrations are listed here rather than
 * found by classpath scanning, which does not work reliably inside an OSGi bundle. Flyway holds a lock while it
 * migrates (a PostgreSQL advisory lock; a table lock on H2), so nodes starting together are safe.
 */
final class LedgerSchema {

    /** Our own history table, so a host that also uses Flyway on the same database is not disturbed. */
    static final String HISTORY_TABLE = "stkpush_schema_history";

    private static final String LOCATION = "db/stkpush/";

    /** Every migration in {@code src/main/resources/db/stkpush}, in order. Add new files here. */
    static final List<String> MIGRATIONS = List.of("V1__ledger.sql", "V2__waiting_index.sql", "V3__review.sql",
            "V4__reasons.sql", "V5__open_push_index.sql", "V6__outcome_evidence.sql", "V7__provider_token.sql",
            "V8__unprocessed_journal_index.sql", "V9__review_and_unredeemed_indexes.sql");

    /**
     * What {@code ${unprocessedOnly}} in V8 becomes: a partial index's condition on PostgreSQL, nothing on H2, which
     * has no partial indexes.
     */
    static final String UNPROCESSED_ONLY = "unprocessedOnly";

    /** What {@code ${unredeemedOnly}} in V9 becomes, the same way. */
    static final String UNREDEEMED_ONLY = "unredeemedOnly";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerSchema.class);

    static ListedMigrations migrations() {
        return new ListedMigrations(LedgerSchema.class.getClassLoader(), LOCATION, MIGRATIONS);
    }

    private LedgerSchema() {
    }

    /**
     * Brings the schema up to date.
     *
     * @return the schema version afterwards
     */
    static String migrate(DataSource dataSource) {
        try {
            MigrateResult result = whileAlone(dataSource, product -> flyway(dataSource, product).migrate());
            String version = currentVersion(dataSource);
            LOG.info("Ledger schema at version {} ({} migration(s) applied now)", version, result.migrationsExecuted);
            return version;
        } catch (FlywayException e) {
            // Flyway's message can name the database URL and user: it stays in the cause, for the log
            throw new LedgerUnavailableException("The payment ledger could not migrate its schema ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    /** Flyway for the listed migrations, with the placeholders for {@code product}. */
    private static Flyway flyway(DataSource dataSource, LedgerDatabase.Product product) {
        // the database may hold the host's own tables already: our history starts from nothing beside them
        Configuration listed = migrations().flyway(dataSource, HISTORY_TABLE).getConfiguration();
        return Flyway.configure(listed.getClassLoader()).configuration(listed).placeholders(placeholders(product))
                .load();
    }

    private static Map<String, String> placeholders(LedgerDatabase.Product product) {
        boolean postgres = product == LedgerDatabase.Product.POSTGRESQL;
        return Map.of(UNPROCESSED_ONLY, postgres ? " WHERE disposition = 'RECEIVED'" : "",
                UNREDEEMED_ONLY, postgres ? " WHERE subscriber_id IS NULL" : "");
    }

    /** Any number that is ours alone: the key of the session lock that serialises migrations across nodes. */
    private static final long MIGRATION_LOCK = 0x73746b7075736801L;

    /**
     * Runs the migration with no other node migrating. Flyway locks while it migrates, but not while it creates
     * the history table beside a host's tables (the baseline): two nodes starting together could both try. On
     * PostgreSQL a session advisory lock serialises them; an embedded H2 database belongs to one JVM, where the
     * class lock does.
     */
    private static <T> T whileAlone(DataSource dataSource, Function<LedgerDatabase.Product, T> migration) {
        synchronized (LedgerSchema.class) {
            try (Connection lock = dataSource.getConnection()) {
                LedgerDatabase.Product product = LedgerDatabase.Product.of(lock.getMetaData()
                        .getDatabaseProductName());
                boolean postgres = product == LedgerDatabase.Product.POSTGRESQL;
                if (postgres) {
                    advisoryLock(lock, "SELECT pg_advisory_lock(?)");
                }
                try {
                    return migration.apply(product);
                } finally {
                    if (postgres) {
                        advisoryLock(lock, "SELECT pg_advisory_unlock(?)");
                    }
                }
            } catch (SQLException e) {
                throw new LedgerUnavailableException("take the migration lock", e);
            }
        }
    }

    private static void advisoryLock(Connection connection, String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, MIGRATION_LOCK);
            ps.execute();
        }
    }

    /** Read back rather than taken from Flyway's result, which has no version when another node migrated. */
    private static String currentVersion(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return currentVersion(connection);
        } catch (SQLException e) {
            throw new LedgerUnavailableException("read the schema version", e);
        }
    }

    /** The version recorded in the history table, or {@code null} before the first migration. */
    static String currentVersion(Connection connection) throws SQLException {
        // Flyway creates the history table with quoted lower-case names, also on H2
        String sql = "SELECT \"version\" FROM \"" + HISTORY_TABLE + "\""
                + " WHERE \"success\" = TRUE AND \"version\" IS NOT NULL"
                + " ORDER BY \"installed_rank\" DESC FETCH FIRST 1 ROWS ONLY";
        try (PreparedStatement ps = connection.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
