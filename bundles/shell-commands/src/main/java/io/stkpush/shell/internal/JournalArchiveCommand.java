package io.stkpush.shell.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.JournalArchive;
import io.stkpush.api.JournalArchive.ArchiveCount;
import io.stkpush.api.JournalEntry;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code stkpush:journal-archive --before DAY}: moves the journal's old entries to a gzip file of JSON lines, one
 * entry per line, and only then out of the database. Batch by batch: a batch is on disk (flushed and synced) before
 * it is removed, so a run cut short loses nothing (its file then lacks gzip's trailer; {@code zcat} still reads every
 * line). Nothing runs by itself: the journal is kept whole until an administrator runs this.
 */
@Service
@Command(scope = "stkpush", name = "journal-archive", description = "Moves old provider messages from the journal"
        + " to a compressed file", detailedDescription = "Writes every journal entry received before the given day"
                + " (the server's zone) whose message was handled and whose push has an outcome to"
                + " journal-before-DAY-TIME.jsonl.gz (gzip, one JSON object per line, raw bodies included: keep the"
                + " file as safe as the database), then removes them from the database. Entries of the last 90 days,"
                + " entries not processed yet and those of pushes still open or left for review stay. --dry-run"
                + " only counts.")
public class JournalArchiveCommand extends StkpushAction {

    private static final Logger LOG = LoggerFactory.getLogger(JournalArchiveCommand.class);

    static final String NO_LEDGER = "The payment ledger is not running.";
    /** What stays whatever the administrator asks: recent disputes and reviews read it. */
    static final Duration KEPT = Duration.ofDays(90);
    static final int BATCH = 1000;
    private static final String STAYS = "not processed yet, or their push has no outcome";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ObjectMapper json = new ObjectMapper();

    @Reference(optional = true)
    JournalArchive archive;

    @Option(name = "--before", required = true, description = "archive what was received before this day,"
            + " YYYY-MM-DD in the server's zone; at least 90 days ago")
    String before;

    @Option(name = "--to", description = "the directory for the archive file (default: ${karaf.data}/stkpush/"
            + "journal-archive)")
    String to;

    @Option(name = "--dry-run", description = "only count what would be archived")
    boolean dryRun;

    /** Now, for the 90 days kept. */
    Clock clock = Clock.systemUTC();

    @Override
    void run(PrintStream out) throws CommandException {
        LocalDate day = day(before);
        Instant cutoff = day.atStartOfDay(zone).toInstant();
        LocalDate latest = LocalDate.ofInstant(clock.instant().minus(KEPT), zone);
        if (day.isAfter(latest)) {
            throw new CommandException("The journal keeps at least its last 90 days: give a day on or before "
                    + latest + ".");
        }
        JournalArchive journal = running(archive, NO_LEDGER);
        ArchiveCount count = journal.countArchivable(cutoff);
        if (dryRun || count.archivable() == 0) {
            out.println((count.archivable() == 0 ? "Nothing to archive" : entries(count.archivable())
                    + " would be archived") + " from before " + day + "; " + stays(count.kept()) + ".");
            return;
        }
        Path file = directory().resolve("journal-before-" + day + "-" + FILE_TIME.format(clock.instant())
                + ".jsonl.gz");
        long[] moved = write(journal, cutoff, file);
        String summary = "Archived " + entries(moved[0]) + " from before " + day + " to " + file + "; "
                + stays(count.kept()) + ".";
        if (moved[1] < moved[0]) {
            // changed between the read and the removal (marked again, say): in the file and still in the journal
            summary += String.format(" %,d of them changed meanwhile and stay in the journal as well.",
                    moved[0] - moved[1]);
        }
        out.println(summary);
        LOG.info("{}", summary);
    }

    /** Writes, syncs and removes batch by batch; returns {entries written, entries removed}. */
    private long[] write(JournalArchive journal, Instant cutoff, Path file) throws CommandException {
        long written = 0;
        long removed = 0;
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), ownerOnly());
                BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                GZIPOutputStream gzip = new GZIPOutputStream(buffered, 1 << 16, true);
                Writer lines = new OutputStreamWriter(gzip, StandardCharsets.UTF_8)) {
            long afterId = 0;
            List<JournalEntry> batch;
            while (!(batch = journal.archivable(cutoff, afterId, BATCH)).isEmpty()) {
                for (JournalEntry entry : batch) {
                    lines.write(json.writeValueAsString(line(entry)));
                    lines.write('\n');
                }
                lines.flush(); // a sync flush of the gzip stream: every line so far can be read back
                channel.force(true);
                written += batch.size();
                removed += journal.removeArchived(cutoff, batch.stream().map(JournalEntry::id).toList());
                afterId = batch.get(batch.size() - 1).id();
            }
            lines.flush();
            gzip.finish(); // the trailer, on disk as well before the command says it is done
            buffered.flush();
            channel.force(true);
        } catch (IOException e) {
            String soFar = written == 0 ? "" : " (" + entries(written) + " had been written to it and removed from"
                    + " the journal before that)";
            throw new CommandException("Could not write the archive file " + file + ": " + e.getMessage() + soFar
                    + ".");
        }
        return new long[] {written, removed};
    }

    private Path directory() throws CommandException {
        Path directory = to != null && !to.isBlank() ? Path.of(to)
                : Path.of(System.getProperty("karaf.data", "data"), "stkpush", "journal-archive");
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new CommandException("Could not create the directory " + directory + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> line(JournalEntry entry) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", entry.id());
        line.put("receivedAt", entry.receivedAt().truncatedTo(ChronoUnit.MICROS).toString());
        line.put("channel", entry.event().channel().name());
        line.put("pushId", entry.event().pushId() == null ? null : entry.event().pushId().toString());
        line.put("remoteAddress", entry.event().remoteAddress());
        line.put("disposition", entry.disposition().name());
        line.put("note", entry.note());
        line.put("body", entry.event().body());
        return line;
    }

    private static String entries(long count) {
        return count == 1 ? "1 journal entry" : String.format("%,d journal entries", count);
    }

    private static String stays(long kept) {
        if (kept == 0) {
            return "no older entry stays";
        }
        return (kept == 1 ? "1 older entry stays" : String.format("%,d older entries stay", kept)) + " (" + STAYS
                + ")";
    }

    private static LocalDate day(String text) throws CommandException {
        try {
            return LocalDate.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw new CommandException("Give --before as a day, YYYY-MM-DD, for example 2026-06-01.");
        }
    }

    /** The file holds raw bodies (phone numbers in full): readable by Karaf's user alone where the system allows. */
    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                "rw-------"))};
    }

    @Override
    String doing() {
        return "archive the journal";
    }
}
