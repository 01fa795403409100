package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.stkpush.schema.ListedMigrations;

import org.junit.jupiter.api.Test;

class LedgerSchemaTest {

    @Test
    void everyMigrationFileIsListedSoFlywayNeedsNoClasspathScan() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/stkpush"))) {
            List<String> onDisk = files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());

            assertEquals(onDisk, LedgerSchema.MIGRATIONS);
        }
    }

    @Test
    void theListedMigrationsAreReadFromTheClassLoader() throws IOException {
        ListedMigrations migrations = LedgerSchema.migrations();

        assertEquals(LedgerSchema.MIGRATIONS.size(), migrations.getResources("V", new String[] {".sql"}).size());
        try (BufferedReader reader = new BufferedReader(migrations.getResource("db/stkpush/V1__ledger.sql").read())) {
            assertTrue(reader.lines().anyMatch(line -> line.startsWith("CREATE TABLE push_request")));
        }
    }
}
