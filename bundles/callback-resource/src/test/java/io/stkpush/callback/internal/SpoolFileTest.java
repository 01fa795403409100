package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import io.stkpush.api.ProviderEvent.Channel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool file: what is appended comes back in order after a restart; a crash's torn record is skipped. */
class SpoolFileTest {

    private static final Instant AT = Instant.parse("2026-03-01T09:00:00Z");

    @TempDir
    Path directory;

    @Test
    void messagesComeBackInOrderAndExactlyAfterReopening() throws IOException {
        String awkward = "{\"a\":\"line\\nbreak\",\n \"quote\":\"\\\"\", \"unicode\":\"Wanjirũ ✓\", \"nul\":\"\uFFFD\"}";
        try (SpoolFile spool = SpoolFile.open(directory)) {
            assertEquals(1, spool.append(message("first", null)));
            assertEquals(2, spool.append(message(awkward, 42L)));
            assertEquals(3, spool.append(message("third", null)));
        }

        try (SpoolFile spool = SpoolFile.open(directory)) {
            List<SpoolFile.Pending> pending = spool.pending();
            assertEquals(List.of(1L, 2L, 3L), pending.stream().map(SpoolFile.Pending::seq).toList());
            assertEquals("first", spool.read(pending.get(0)).body());
            SpooledMessage second = spool.read(pending.get(1));
            assertEquals(message(awkward, 42L), second);
            assertEquals(AT, spool.oldest());
            assertEquals(4, spool.append(message("fourth", null)), "numbering goes on");
        }
    }

    @Test
    void doneMessagesAreNotReplayedAgainAndTheFileIsEmptiedWhenAllAreDone() throws IOException {
        try (SpoolFile spool = SpoolFile.open(directory)) {
            spool.append(message("one", null));
            spool.append(message("two", null));
            spool.journaled(1, 4711);
            spool.done(1);
        }
        try (SpoolFile spool = SpoolFile.open(directory)) {
            assertEquals(1, spool.size());
            assertEquals("two", spool.read(spool.head()).body());
            spool.journaled(2, 4712);
        }
        try (SpoolFile spool = SpoolFile.open(directory)) {
            assertEquals(Long.valueOf(4712), spool.read(spool.head()).journalId(), "the journal entry is reused");
            spool.done(2);
            assertEquals(0, spool.size());
            assertNull(spool.head());
        }
        assertEquals(0, Files.size(file()));
    }

    @Test
    void aTornLastRecordIsSkippedAndCutOffSoTheNextMessageStartsCleanly() throws IOException {
        try (SpoolFile spool = SpoolFile.open(directory)) {
            spool.append(message("kept 1", null));
            spool.append(message("kept 2", null));
        }
        long whole = Files.size(file());
        // a crash in the middle of writing the third: never forced, so never acknowledged
        Files.write(file(), "{\"seq\":3,\"channel\":\"STK_CALLBACK\",\"pushId\":\"9f0c".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);

        try (SpoolFile spool = SpoolFile.open(directory)) {
            assertEquals(2, spool.size());
            assertEquals(whole, Files.size(file()), "the torn tail is cut off");
            assertEquals(3, spool.append(message("after the crash", null)));
        }
        try (SpoolFile spool = SpoolFile.open(directory)) {
            List<SpoolFile.Pending> pending = spool.pending();
            assertEquals(3, pending.size());
            assertEquals("after the crash", spool.read(pending.get(2)).body());
        }
    }

    @Test
    void aTailOfZeroesLeftByACrashIsSkippedToo() throws IOException {
        try (SpoolFile spool = SpoolFile.open(directory)) {
            spool.append(message("kept", null));
        }
        long whole = Files.size(file());
        // blocks allocated but never written before the crash read back as zeroes, here with a newline among them
        byte[] zeroes = new byte[600];
        zeroes[300] = '\n';
        Files.write(file(), zeroes, StandardOpenOption.APPEND);

        try (SpoolFile spool = SpoolFile.open(directory)) {
            assertEquals(1, spool.size());
            assertEquals("kept", spool.read(spool.head()).body());
            assertEquals(whole, Files.size(file()));
        }
    }

    @Test
    void aDamagedRecordBetweenGoodOnesIsSkippedAndTheOthersKept() throws IOException {
        try (SpoolFile spool = SpoolFile.open(directory)) {
            spool.append(message("one", null));
        }
        Files.write(file(), "not json at all\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        try (SpoolFile spool = SpoolFile.open(directory)) {
            spool.append(message("two", null));
        }
        try (SpoolFile spool = SpoolFile.open(directory)) {
            assertEquals(List.of("one", "two"), spool.pending().stream().map(p -> {
                try {
                    return spool.read(p).body();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }).toList());
        }
    }

    @Test
    void aSecondUserOfTheSameDirectoryIsRefused() throws IOException {
        try (SpoolFile spool = SpoolFile.open(directory)) {
            IOException refused = assertThrows(IOException.class, () -> SpoolFile.open(directory));
            assertTrue(refused.getMessage().endsWith("is in use by another process: nodes must not share a spool "
                    + "directory"), refused.getMessage());
        }
        SpoolFile.open(directory).close(); // free again once closed
    }

    private Path file() {
        return directory.resolve(SpoolFile.FILE_NAME);
    }

    private static SpooledMessage message(String body, Long journalId) {
        return new SpooledMessage(Channel.STK_CALLBACK, "0b6c1c3e-94c4-4d4b-9b37-0d2f4e8b3a11", "0123abcd", "127.0.0.1",
                false, AT, body, journalId);
    }
}
