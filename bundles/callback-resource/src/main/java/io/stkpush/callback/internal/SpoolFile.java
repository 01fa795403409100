package io.stkpush.callback.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stkpush.api.ProviderEvent.Channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool on disk: {@value #FILE_NAME} in the spool directory, UTF-8, one JSON object per line, appended only:
 *
 * <pre>
 * {"seq":1,"channel":"STK_CALLBACK","pushId":"…","token":"…","sender":"196.201.214.200","unlisted":false,
 *  "receivedAt":"2026-03-01T09:00:00Z","journal":null,"body":"{\"Body\":…}"}   a message (on one line)
 * {"journaled":1,"journal":4711}                                              message 1 is journal entry 4711
 * {"done":1}                                                                  message 1 is journaled and processed
 * </pre>
 *
 * A message is appended and forced to disk ({@link FileChannel#force}) before the hook answers success. Markers are
 * not forced: a marker lost in a crash only makes a message replay twice, which the ledger's idempotency makes
 * harmless. When every message is done the file is emptied. On opening, a last line without its newline or that
 * is not JSON (a write torn by a crash: never acknowledged) is skipped with a WARN and cut off, so the next append
 * starts on a clean line.
 *
 * <p>The file is locked ({@link FileChannel#tryLock}) while open: two nodes, or two Karaf instances, must never
 * share a spool directory. One instance per directory; appends come from request threads, reads and markers from
 * the one replay thread.
 */
final class SpoolFile implements Closeable {

    static final String FILE_NAME = "callbacks.spool";

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFile.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message still to replay: where its line is, and what the health report and the replay need at hand. */
    record Pending(long seq, long offset, int length, Instant receivedAt, Long journalId) {

        Pending withJournal(long id) {
            return new Pending(seq, offset, length, receivedAt, id);
        }
    }

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;
    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    /** The end of the last whole line: appends go here. */
    private long end;
    private long nextSeq = 1;

    private SpoolFile(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens (creating it if needed) the spool in {@code directory} and reads what is still to replay.
     *
     * @throws IOException when the directory or file cannot be used, or another process holds the spool
     */
    static SpoolFile open(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(file + " is in use by another process: nodes must not share a spool directory");
        }
        SpoolFile spool = new SpoolFile(directory, channel, lock);
        try {
            if (created) {
                syncDirectory(directory);
            }
            spool.scan();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    Path directory() {
        return directory;
    }

    /**
     * Appends a message and forces it to disk.
     *
     * @return its sequence number
     * @throws IOException when it could not be written durably (disk full, read-only, closed)
     */
    synchronized long append(SpooledMessage message) throws IOException {
        long seq = nextSeq;
        byte[] line = line(message(seq, message));
        if (channel.size() != end) {
            // a write that failed part-way left the start of a line: it was never acknowledged
            channel.truncate(end);
        }
        write(line, end);
        channel.force(true);
        pending.put(seq, new Pending(seq, end, line.length, message.receivedAt(), message.journalId()));
        end += line.length;
        nextSeq = seq + 1;
        return seq;
    }

    /** Notes that message {@code seq} is journal entry {@code journalId}, so a replay after a crash reuses it. */
    synchronized void journaled(long seq, long journalId) throws IOException {
        Pending p = pending.get(seq);
        if (p == null) {
            return;
        }
        ObjectNode marker = JSON.createObjectNode().put("journaled", seq).put("journal", journalId);
        appendMarker(marker);
        pending.put(seq, p.withJournal(journalId));
    }

    /** Message {@code seq} is journaled and processed: it will not be replayed again. Empties the file when last. */
    synchronized void done(long seq) throws IOException {
        if (!pending.containsKey(seq)) {
            return;
        }
        appendMarker(JSON.createObjectNode().put("done", seq));
        pending.remove(seq);
        if (pending.isEmpty()) {
            channel.truncate(0);
            end = 0;
        }
    }

    /** The oldest message still to replay, or {@code null}. */
    synchronized Pending head() {
        Map.Entry<Long, Pending> first = pending.firstEntry();
        return first == null ? null : first.getValue();
    }

    synchronized int size() {
        return pending.size();
    }

    /** When the oldest message still to replay arrived, or {@code null}. */
    synchronized Instant oldest() {
        Pending head = head();
        return head == null ? null : head.receivedAt();
    }

    synchronized List<Pending> pending() {
        return new ArrayList<>(pending.values());
    }

    /** Reads a pending message back. */
    SpooledMessage read(Pending p) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(p.length());
        long position = p.offset();
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("the spool ends inside message " + p.seq());
            }
        }
        JsonNode node = JSON.readTree(new String(buffer.array(), StandardCharsets.UTF_8));
        SpooledMessage message = message(node);
        if (message == null) {
            throw new IOException("message " + p.seq() + " in the spool is not readable");
        }
        return p.journalId() == null ? message : new SpooledMessage(message.channel(), message.pushId(),
                message.token(), message.sender(), message.unlisted(), message.receivedAt(), message.body(),
                p.journalId());
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    // ---- reading the file on open ------------------------------------------------------------------------

    private void scan() throws IOException {
        long position = 0;
        long lastWhole = 0;
        long size = channel.size();
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(0)), 65536);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (position < size) {
            line.reset();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
            }
            long start = position;
            position += line.size() + (b == '\n' ? 1 : 0);
            if (b != '\n') {
                LOG.warn("The callback spool {} ends with a torn record ({} bytes at byte {}): skipped, it was never "
                        + "acknowledged", directory, line.size(), start);
                break;
            }
            if (read(line.toByteArray(), start, (int) (position - start))) {
                lastWhole = position;
            } else {
                LOG.warn("The callback spool {} has a damaged record at byte {} ({} bytes): skipped", directory, start,
                        position - start);
            }
        }
        if (size > lastWhole) {
            // cut the torn or damaged tail so that the next message starts on a line of its own
            channel.truncate(lastWhole);
            channel.force(true);
        }
        end = lastWhole;
        if (pending.isEmpty() && end > 0) {
            channel.truncate(0);
            end = 0;
        }
    }

    /** Applies one line; false when it is not one of ours. */
    private boolean read(byte[] bytes, long offset, int length) {
        JsonNode node;
        try {
            node = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return false;
        }
        if (node == null || !node.isObject()) {
            return false;
        }
        if (node.hasNonNull("done")) {
            pending.remove(node.get("done").asLong());
            return true;
        }
        if (node.hasNonNull("journaled")) {
            Pending p = pending.get(node.get("journaled").asLong());
            if (p != null && node.hasNonNull("journal")) {
                pending.put(p.seq(), p.withJournal(node.get("journal").asLong()));
            }
            return true;
        }
        SpooledMessage message = message(node);
        if (message == null || !node.path("seq").canConvertToLong()) {
            return false;
        }
        long seq = node.get("seq").asLong();
        pending.put(seq, new Pending(seq, offset, length, message.receivedAt(), message.journalId()));
        nextSeq = Math.max(nextSeq, seq + 1);
        return true;
    }

    // ---- the format ----------------------------------------------------------------------------------------

    private static ObjectNode message(long seq, SpooledMessage m) {
        ObjectNode node = JSON.createObjectNode();
        node.put("seq", seq);
        node.put("channel", m.channel().name());
        node.put("pushId", m.pushId());
        node.put("token", m.token());
        node.put("sender", m.sender());
        node.put("unlisted", m.unlisted());
        node.put("receivedAt", m.receivedAt().toString());
        node.put("journal", m.journalId());
        node.put("body", m.body());
        return node;
    }

    /** The message a line holds, or {@code null} when a required field is missing or wrong. */
    private static SpooledMessage message(JsonNode node) {
        try {
            JsonNode journal = node.get("journal");
            return new SpooledMessage(Channel.valueOf(node.get("channel").asText()), text(node, "pushId"),
                    text(node, "token"), text(node, "sender"), node.path("unlisted").asBoolean(false),
                    Instant.parse(node.get("receivedAt").asText()), node.get("body").textValue(),
                    journal == null || journal.isNull() ? null : journal.asLong());
        } catch (NullPointerException | IllegalArgumentException | DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static byte[] line(ObjectNode node) throws IOException {
        // Jackson escapes control characters, so a body's own newlines never end the line
        byte[] json = JSON.writeValueAsBytes(node);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    private void appendMarker(ObjectNode marker) throws IOException {
        byte[] line = line(marker);
        if (channel.size() != end) {
            channel.truncate(end);
        }
        write(line, end);
        end += line.length;
    }

    private void write(byte[] bytes, long position) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, position + buffer.position());
        }
    }

    /** Makes a new file's directory entry durable; not every platform can, and then the file's own force must do. */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            LOG.debug("Directory {} could not be forced: {}", directory, e.toString());
        }
    }
}
