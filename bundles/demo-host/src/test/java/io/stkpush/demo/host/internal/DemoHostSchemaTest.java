package io.stkpush.demo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class DemoHostSchemaTest {

    @Test
    void everyMigrationFileIsListedSoFlywayNeedsNoClasspathScan() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/demohost"))) {
            List<String> onDisk = files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());

            assertEquals(onDisk, DemoHostSchema.MIGRATIONS);
        }
    }
}
