package io.stkpush.renewal.internal;

import java.util.List;

import javax.sql.DataSource;

import io.stkpush.schema.ListedMigrations;

import org.flywaydb.core.api.FlywayException;

/**
 * The {@code plan_renewal} table, migrated by Flyway (embedded in this bundle) with its own history table, beside the ledger's
 * tables in the {@code stkpush} database. Migrations are listed, not scanned (scanning is unreliable in a bundle).
 */
final class RenewalSchema {

    static final String HISTORY_TABLE = "renewal_schema_history";

    private static final String LOCATION = "db/renewal/";

    /** Every migration in {@code src/main/resources/db/renewal}, in order. Add new files here. */
    static final List<String> MIGRATIONS = List.of("V1__renewal.sql");

    private RenewalSchema() {
    }

    /** Brings the table up to date; safe when several nodes start together (Flyway locks). */
    static void migrate(DataSource dataSource) {
        try {
            new ListedMigrations(RenewalSchema.class.getClassLoader(), LOCATION, MIGRATIONS)
                    .flyway(dataSource, HISTORY_TABLE).migrate();
        } catch (FlywayException e) {
            // Flyway's message can name the database URL and user: it stays in the cause, for the log
            throw new RenewalStoreException("The renewal extension could not migrate its table ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }
}
