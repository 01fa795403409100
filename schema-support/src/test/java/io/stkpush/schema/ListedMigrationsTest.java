package io.stkpush.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;

class ListedMigrationsTest {

    private final ListedMigrations migrations = new ListedMigrations(getClass().getClassLoader(), "db/sample",
            List.of("V1__a.sql", "V2__b.sql", "V3__missing.sql"));

    @Test
    void onlyTheListedFilesMatchingPrefixAndSuffixAreOffered() {
        assertEquals(List.of("V1__a.sql", "V2__b.sql", "V3__missing.sql"),
                migrations.getResources("V", new String[] {".sql"}).stream().map(LoadableResource::getFilename)
                        .toList());
        assertEquals(List.of(), migrations.getResources("R", new String[] {".sql"}));
        assertEquals(List.of(), migrations.getResources("V", new String[] {".java"}));
    }

    @Test
    void aListedFileIsReadFromTheLocationByEitherName() throws IOException {
        LoadableResource byPath = migrations.getResource("db/sample/V2__b.sql");
        LoadableResource byName = migrations.getResource("V2__b.sql");

        assertEquals("db/sample/V2__b.sql", byPath.getAbsolutePath());
        assertEquals(byPath.getAbsolutePath(), byName.getAbsolutePath());
        try (BufferedReader reader = new BufferedReader(byPath.read())) {
            assertEquals("CREATE TABLE sample_b (id INT);", reader.readLine());
        }
        assertNull(migrations.getResource("V9__unlisted.sql"), "files not listed do not exist for Flyway");
    }

    @Test
    void aListedFileMissingFromTheBundleIsReportedByName() {
        UncheckedIOException missing = assertThrows(UncheckedIOException.class,
                () -> migrations.getResource("V3__missing.sql").read());

        assertEquals("migration missing from the bundle: V3__missing.sql", missing.getCause().getMessage());
    }
}
