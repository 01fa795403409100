package io.stkpush.callback.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournalEntry;
import io.stkpush.api.Kes;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.NewPush;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushRequest;
import io.stkpush.api.SubscriberId;
import io.stkpush.callback.internal.TestConfigs.MemoryConfigAdmin;
import io.stkpush.ledger.internal.JdbcLedger;
import io.stkpush.ledger.internal.TestLedgers;
import io.stkpush.push.internal.TestPushServices;

import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The hooks resource served over real HTTP by CXF with the Jackson provider (as in Karaf), answering through the
 * real push service on the real JDBC ledger on in-memory H2, with a real spool in a temporary directory that
 * replays within milliseconds. A JUnit extension: register it in a static field; it serves for the class and is
 * {@link #reset()} before each test.
 */
final class HooksFixture implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    static final String KEY = "test key: 32 characters or more.......";
    /** What the resource uses when a callback has no readable time. */
    static final Instant NOW = Instant.parse("2026-03-01T09:00:00Z");

    final SwitchableDataSource database = new SwitchableDataSource();
    final JdbcLedger ledger = TestLedgers.migrated(database, Clock.systemUTC());
    final WatchedAnswers answers = new WatchedAnswers(TestPushServices.providerAnswers(ledger));
    final CallbackGuard guard = new CallbackGuard(new MemoryConfigAdmin().service(), TestConfigs.config("hmacKey", KEY));
    /** Replays quickly: the first retry after 20 ms, at most every 200 ms. */
    static final Duration RETRY = Duration.ofMillis(20);
    static final Duration MAX_RETRY = Duration.ofMillis(200);

    final Path spoolDirectory;
    volatile CallbackSpool spool;
    String base;
    private Server server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicLong phones = new AtomicLong(10_000_000);

    HooksFixture() {
        try {
            spoolDirectory = Files.createTempDirectory("callback-spool");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        spool = newSpool(spoolDirectory);
        serve();
    }

    /** A spool component as DS would make it, on {@code directory}, answering through {@link #answers}. */
    CallbackSpool newSpool(Path directory) {
        CallbackSpool created = new CallbackSpool(answers, directory, Clock.systemUTC(), RETRY, MAX_RETRY);
        created.health = ledger;
        return created;
    }

    private void serve() {
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setAddress(base + "/");
        factory.setServiceBeans(List.of(new DarajaHooksResource(guard, answers, spool,
                Clock.fixed(NOW, ZoneOffset.UTC))));
        factory.setProvider(new JacksonJsonProvider());
        server = factory.create();
    }

    /**
     * Stops the spool and the resource, as stopping Karaf would, and starts them again on {@code directory}: a new
     * spool component, a new resource, the same address.
     */
    void restart(Path directory) {
        server.destroy();
        spool.deactivate();
        spool = newSpool(directory);
        serve();
    }

    /** Back to the defaults the tests assume: no address check, 64 KiB, database up, push service working. */
    void reset() {
        configure();
        database.down(false);
        answers.failWith(null);
        if (!spool.status().directory().equals(spoolDirectory.toAbsolutePath())) {
            restart(spoolDirectory);
        }
        awaitSpool(0);
    }

    /** Waits until the spool holds {@code messages} (the replay runs on its own thread). */
    void awaitSpool(int messages) {
        await(() -> spool.status().messages() == messages,
                () -> "the spool still holds: " + spool.status().describe());
    }

    static void await(BooleanSupplier condition, java.util.function.Supplier<String> otherwise) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(otherwise.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }

    /** Journal entries after {@code afterId}, oldest first. */
    List<JournalEntry> journalAfter(long afterId) {
        List<JournalEntry> recent = new java.util.ArrayList<>(ledger.recentJournal(1000).stream()
                .filter(e -> e.id() > afterId).toList());
        java.util.Collections.reverse(recent);
        return recent;
    }

    /** The defaults of {@link #reset()} (our key, no address check), with these settings on top. */
    void configure(Object... namesAndValues) {
        Object[] all = new Object[namesAndValues.length + 4];
        all[0] = "hmacKey";
        all[1] = KEY;
        all[2] = "allowListMode";
        all[3] = "off";
        System.arraycopy(namesAndValues, 0, all, 4, namesAndValues.length);
        guard.modified(TestConfigs.config(all));
    }

    /** A push Daraja accepted, waited on, for a fresh phone. */
    Push waitingPush(long shillings) {
        PushId id = PushId.random();
        PhoneNumber phone = new PhoneNumber("2547" + phones.incrementAndGet());
        ledger.createPush(new NewPush(id, new PushRequest(new SubscriberId("SUB-" + id.value().toString().substring(0, 8)),
                phone, Kes.of(shillings), new OperatorName("operator"), null), Duration.ofSeconds(96)));
        String checkout = "ws_CO_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        return ledger.recordAcceptance(id, new MerchantRequestId(Callbacks.merchantFor(checkout)),
                new CheckoutRequestId(checkout), Instant.now().plusSeconds(8));
    }

    Push push(PushId id) {
        return ledger.findPush(id).orElseThrow();
    }

    String stkPath(PushId id) {
        return guard.stkCallback(id).toString();
    }

    String c2bConfirmationPath() {
        return guard.c2bConfirmation().toString();
    }

    String c2bValidationPath() {
        return guard.c2bValidation().toString();
    }

    /** Posts as Daraja does (JSON); {@code headers} (name, value, …) are added or replace that. */
    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JournalEntry lastJournal() {
        return ledger.recentJournal(1).get(0);
    }

    long lastJournalId() {
        List<JournalEntry> latest = ledger.recentJournal(1);
        return latest.isEmpty() ? 0 : latest.get(0).id();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        reset();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.destroy();
        spool.deactivate();
        database.shutdown();
        try (Stream<Path> files = Files.walk(spoolDirectory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
