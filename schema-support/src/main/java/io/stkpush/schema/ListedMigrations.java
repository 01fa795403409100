package io.stkpush.schema;

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
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * SQL migrations named in a list and read from a class loader, for Flyway inside an OSGi bundle, where its
 * classpath scanning is not reliable. Each bundle that migrates tables embeds this class (and Flyway) privately.
 */
public final class ListedMigrations implements ResourceProvider {

    private final ClassLoader loader;
    private final String location;
    private final List<String> filenames;

    /**
     * @param loader    the bundle's class loader, which holds the files and Flyway's merged services file
     * @param location  the folder of the files, e.g. {@code db/stkpush/}
     * @param filenames every migration file there, in order, e.g. {@code V1__ledger.sql}
     */
    public ListedMigrations(ClassLoader loader, String location, List<String> filenames) {
        this.loader = loader;
        this.location = location.endsWith("/") ? location : location + "/";
        this.filenames = List.copyOf(filenames);
    }

    /**
     * Flyway for these migrations with its history in {@code historyTable}. The history starts at version 0 in a
     * schema that already holds other tables (a host's, or another bundle's), so version 1 still runs there; clean
     * is disabled.
     */
    public Flyway flyway(DataSource dataSource, String historyTable) {
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .loggers("slf4j")
                .resourceProvider(this)
                .javaMigrationClassProvider(List::of)
                .cleanDisabled(true)
                .load();
    }

    @Override
    public LoadableResource getResource(String name) {
        String filename = name.startsWith(location) ? name.substring(location.length()) : name;
        return filenames.contains(filename) ? new Migration(filename) : null;
    }

    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return filenames.stream()
                .filter(name -> name.startsWith(prefix))
                .filter(name -> Arrays.stream(suffixes).anyMatch(name::endsWith))
                .map(Migration::new)
                .collect(Collectors.toList());
    }

    private final class Migration extends LoadableResource {

        private final String filename;

        Migration(String filename) {
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
            return location + filename;
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
