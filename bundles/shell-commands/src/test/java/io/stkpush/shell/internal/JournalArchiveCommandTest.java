package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.PushId;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stkpush:journal-archive}: old journal entries to a gzip file of JSON lines, then out of the real ledger. */
class JournalArchiveCommandTest {

    private static final Instant JANUARY = Instant.parse("2026-01-10T08:00:00Z");
    private static final String BODY = "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"PhoneNumber\":254708374149}}}";

    private final MutableClock clock = new MutableClock(JANUARY);
    private final JdbcLedger ledger = TestLedgers.ledger(TestLedgers.migratedH2(), clock);

    @TempDir
    Path directory;

    private JournalArchiveCommand command(String before) {
        JournalArchiveCommand command = new JournalArchiveCommand();
        command.archive = ledger;
        command.before = before;
        command.to = directory.toString();
        command.clock = clock;
        return command;
    }

    @Test
    void entriesFromBeforeTheDayGoToTheFileWithTheirRawBodiesAndLeaveTheDatabase() throws Exception {
        PushId push = PushId.random(); // not in the ledger: nothing is waiting for it
        long first = ledger.journal(new ProviderEvent(Channel.STK_CALLBACK, push, "196.201.214.200", BODY),
                Disposition.ORPHAN, "no such push");
        long second = ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{}"),
                Disposition.SETTLED, null);
        long unprocessed = ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{}"),
                Disposition.RECEIVED, null);
        clock.advance(Duration.ofDays(30));
        long february = ledger.journal(new ProviderEvent(Channel.C2B_VALIDATION, null, null, "{}"),
                Disposition.NOTED, null);
        clock.set(Instant.parse("2026-06-01T00:00:00Z"));

        String out = Console.run(command("2026-02-01"));

        Path file = directory.resolve("journal-before-2026-02-01-20260601T000000Z.jsonl.gz");
        assertEquals("Archived 2 journal entries from before 2026-02-01 to " + file + "; 1 older entry stays (not"
                + " processed yet, or their push has no outcome).", out.strip());
        List<JsonNode> lines = read(file);
        assertEquals(2, lines.size());
        JsonNode callback = lines.get(0);
        assertEquals(first, callback.get("id").asLong());
        assertEquals(JANUARY.toString(), callback.get("receivedAt").asText());
        assertEquals("STK_CALLBACK", callback.get("channel").asText());
        assertEquals(push.toString(), callback.get("pushId").asText());
        assertEquals("196.201.214.200", callback.get("remoteAddress").asText());
        assertEquals("ORPHAN", callback.get("disposition").asText());
        assertEquals("no such push", callback.get("note").asText());
        assertEquals(BODY, callback.get("body").asText(), "the raw body, byte for byte");
        assertEquals(second, lines.get(1).get("id").asLong());
        assertTrue(lines.get(1).get("pushId").isNull());
        assertEquals(List.of(february, unprocessed), ledger.recentJournal(10).stream().map(JournalEntry::id).toList());
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file),
                "raw bodies hold phone numbers: Karaf's user alone reads the file");
    }

    @Test
    void aDryRunCountsAndChangesNothing() throws Exception {
        long entry = ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{}"),
                Disposition.SETTLED, null);
        ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{}"), Disposition.RECEIVED, null);
        ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{}"), Disposition.RECEIVED, null);
        clock.set(Instant.parse("2026-06-01T00:00:00Z"));
        JournalArchiveCommand command = command("2026-02-01");
        command.dryRun = true;

        assertEquals("1 journal entry would be archived from before 2026-02-01; 2 older entries stay (not processed"
                + " yet, or their push has no outcome).", Console.run(command).strip());
        assertEquals(3, ledger.recentJournal(10).size());
        assertTrue(ledger.recentJournal(10).stream().anyMatch(e -> e.id() == entry));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(0, files.count(), "no file for a dry run");
        }
    }

    @Test
    void thousandsOfEntriesGoInBatchesIntoOneFile() throws Exception {
        int entries = JournalArchiveCommand.BATCH * 2 + 17;
        for (int i = 0; i < entries; i++) {
            ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{\"n\":" + i + "}"),
                    Disposition.SETTLED, null);
        }
        clock.set(Instant.parse("2026-06-01T00:00:00Z"));

        String out = Console.run(command("2026-02-01"));

        assertTrue(out.startsWith("Archived 2,017 journal entries from before 2026-02-01 "), out);
        List<JsonNode> lines = read(directory.resolve("journal-before-2026-02-01-20260601T000000Z.jsonl.gz"));
        assertEquals(entries, lines.size());
        for (int i = 0; i < entries; i++) {
            assertEquals("{\"n\":" + i + "}", lines.get(i).get("body").asText(), "in the order they came");
        }
        assertTrue(ledger.recentJournal(10).isEmpty());
    }

    @Test
    void nothingToArchiveWritesNoFile() throws Exception {
        clock.set(Instant.parse("2026-06-01T00:00:00Z"));

        assertEquals("Nothing to archive from before 2026-02-01; no older entry stays.",
                Console.run(command("2026-02-01")).strip());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void theLast90DaysStayWhateverIsAsked() {
        clock.set(Instant.parse("2026-06-01T10:00:00Z"));

        assertEquals("The journal keeps at least its last 90 days: give a day on or before 2026-03-03.",
                Console.failure(command("2026-05-01")));
        assertEquals("Give --before as a day, YYYY-MM-DD, for example 2026-06-01.",
                Console.failure(command("last month")));
    }

    @Test
    void withoutTheLedgerTheAnswerIsOneLine() {
        clock.set(Instant.parse("2026-06-01T10:00:00Z"));
        JournalArchiveCommand command = command("2026-02-01");
        command.archive = null;

        assertEquals(JournalArchiveCommand.NO_LEDGER, Console.failure(command));
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsSaidPlainlyAndNothingLeavesTheDatabase() throws Exception {
        ledger.journal(new ProviderEvent(Channel.C2B_CONFIRMATION, null, null, "{}"), Disposition.SETTLED, null);
        clock.set(Instant.parse("2026-06-01T00:00:00Z"));
        Path notADirectory = Files.writeString(directory.resolve("file"), "x");
        JournalArchiveCommand command = command("2026-02-01");
        command.to = notADirectory.resolve("archive").toString();

        String failure = Console.failure(command);

        assertTrue(failure.startsWith("Could not create the directory " + notADirectory.resolve("archive")), failure);
        assertEquals(1, ledger.recentJournal(10).size());
        assertFalse(failure.contains("Exception"), failure);
    }

    private static List<JsonNode> read(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.lines().map(line -> {
                try {
                    return json.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError(line, e);
                }
            }).toList();
        }
    }
}
