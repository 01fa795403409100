package io.stkpush.demo.host.internal;

import java.util.List;

import javax.sql.DataSource;

import io.stkpush.schema.ListedMigrations;

import org.flywaydb.core.api.FlywayException;

/**
 * The demo host's tables, migrated by Flyway (embedded in this bundle) with its own history table, so the ledger's
 * migrations and the host's never see each other. Migrations are listed, not scanned: classpath scanning is not
 * reliable inside an OSGi bundle.
 */
final class DemoHostSchema {

    static final String HISTORY_TABLE = "demo_host_schema_history";

    private static final String LOCATION = "db/demohost/";

    /** Every migration in {@code src/main/resources/db/demohost}, in order. Add new files here. */
    static final List<String> MIGRATIONS = List.of("V1__demo_host.sql");

    private DemoHostSchema() {
    }

    static ListedMigrations migrations() {
        return new ListedMigrations(DemoHostSchema.class.getClassLoader(), LOCATION, MIGRATIONS);
    }

    /** Brings the tables up to date; safe when several nodes start together (Flyway locks). */
    static void migrate(DataSource dataSource) {
        try {
            // the ledger's tables may already be in this schema: our history starts from nothing beside them
            migrations().flyway(dataSource, HISTORY_TABLE).migrate();
        } catch (FlywayException e) {
            // Flyway's message can name the database URL and user: it stays in the cause, for the log
            throw new DemoHostDatabaseException("The demo host could not migrate its tables ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }
}
