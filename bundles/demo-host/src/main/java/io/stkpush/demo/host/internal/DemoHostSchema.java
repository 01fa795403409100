package io.stkpush.demo.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

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

    /** Brings the tables up to date; safe when several nodes start together (Flyway locks). */
    static void migrate(DataSource dataSource) {
        ClassLoader loader = DemoHostSchema.class.getClassLoader();
        try {
            Flyway.configure(loader)
                    .dataSource(dataSource)
                    .table(HISTORY_TABLE)
                    .loggers("slf4j")
                    .resourceProvider(new BundledMigrations(loader))
                    .javaMigrationClassProvider(List::of)
                    // The ledger's tables may already be in this schema, which Flyway refuses as "non-empty
                    // schema without history" unless told to start a history there: baseline 0 still runs V1.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .cleanDisabled(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            // Flyway's message can name the database URL and user: it stays in the cause, for the log
            throw new DemoHostDatabaseException("The demo host could not migrate its tables ("
                    + e.getClass().getSimpleName() + ").", e);
        }
    }

    /** Hands Flyway the known migration files, read from this bundle's class loader. */
    static final class BundledMigrations implements ResourceProvider {

        private final ClassLoader loader;

        BundledMigrations(ClassLoader loader) {
            this.loader = loader;
        }

        @Override
        public LoadableResource getResource(String name) {
            String filename = name.startsWith(LOCATION) ? name.substring(LOCATION.length()) : name;
            return MIGRATIONS.contains(filename) ? new Migration(loader, filename) : null;
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return MIGRATIONS.stream()
                    .filter(name -> name.startsWith(prefix))
                    .filter(name -> Arrays.stream(suffixes).anyMatch(name::endsWith))
                    .map(name -> new Migration(loader, name))
                    .collect(Collectors.toList());
        }
    }

    static final class Migration extends LoadableResource {

        private final ClassLoader loader;
        private final String filename;

        Migration(ClassLoader loader, String filename) {
            this.loader = loader;
            this.filename = filename;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(getAbsolutePath());
            if (in == null) {
                throw new UncheckedIOException(new IOException("migration missing from the bundle: " + filename));
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + filename;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return getAbsolutePath();
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return filename;
        }
    }
}
