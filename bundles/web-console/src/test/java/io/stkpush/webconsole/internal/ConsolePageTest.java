package io.stkpush.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.PushId;
import io.stkpush.api.provider.ConnectionCheck;

class ConsolePageTest {

    static final Instant NOW = Instant.parse("2026-11-28T07:15:00Z");
    /** Nairobi: the page shows times in the server's zone. */
    static final Clock CLOCK = Clock.fixed(NOW, ZoneId.of("Africa/Nairobi"));
    static final PushId PUSH = PushId.parse("3f8a2c1e-77b4-4d4e-9a0b-5d6e7f8091a2");
    static final ConsolePage.View VIEW =
            new ConsolePage.View("/system/console", "/system/console/stkpush", "t0ken", true, null);

    /** A raw STK callback as Daraja sends it: the page must never show it. */
    static final String RAW_CALLBACK = "{\"Body\":{\"stkCallback\":{\"CallbackMetadata\":{\"Item\":[{\"Name\":"
            + "\"PhoneNumber\",\"Value\":254722415717}]}}}}";

    private final Fakes.Ledger ledger = new Fakes.Ledger();
    private final Fakes.Connection connection = new Fakes.Connection();
    private final MemoryConfigurationAdmin configurations = ConfigurationSummaryTest.demoConfigurations();

    {
        ledger.counts = new LedgerCounts(0, 0, 0, 0, null, null, NOW);
    }

    @Test
    void theCountsAreShownWithThePollersLagAndTheOldestDueQuery() {
        ledger.counts = new LedgerCounts(3, 2, 1, 4, PUSH, NOW.minusSeconds(125), NOW);

        String html = render(VIEW);

        assertTrue(html.contains("<span id=\"count-waiting\">3</span>"), html);
        assertTrue(html.contains("<span id=\"count-reconciling\">2</span>"), html);
        assertTrue(html.contains("<span id=\"count-review\">1</span>"), html);
        assertTrue(html.contains("<span id=\"count-unredeemed\">4</span>"), html);
        assertTrue(html.contains("<span id=\"poller-lag\">2 min 5 s</span>"), html);
        assertTrue(html.contains("push <code>3f8a2c1e-77b4-4d4e-9a0b-5d6e7f8091a2</code>, due since "
                + "2026-11-28 10:12:55 EAT"), html);
        assertTrue(html.contains("Counted at</th><td>2026-11-28 10:15:00 EAT"), html);
    }

    @Test
    void aPollerThatKeepsUpHasNoLagAndNothingDue() {
        ledger.counts = new LedgerCounts(0, 0, 0, 0, null, null, NOW);

        String html = render(VIEW);

        assertTrue(html.contains("<span id=\"poller-lag\">none</span>"), html);
        assertTrue(html.contains("Oldest due status query</th><td>None due."), html);
    }

    @Test
    void withoutTheLedgerThePageSaysSoAndShowsTheRest() {
        connection.last = new ConnectionCheck(true, NOW, Duration.ofMillis(120), "M-Pesa accepted the key.");
        String html = render(new ConsolePage(null, null, connection, configurations.service(), CLOCK), VIEW);

        assertEquals(3, occurrences(html, ConsolePage.LEDGER_DOWN), html);
        assertTrue(html.contains("<p id=\"stkpush-counts\">"), html);
        assertTrue(html.contains("id=\"stkpush-test-connection\""), html);
        assertTrue(html.contains("id=\"config-io.stkpush.daraja\""), html);
    }

    @Test
    void aLedgerThatCannotBeReadIsReportedInPlainWordsWithoutItsError() {
        ledger.failure = new IllegalStateException(
                "Connection to jdbc:postgresql://stkpush:db-s3cret@db:5432/stkpush refused at org.postgresql...");

        String html = render(VIEW);

        assertEquals(3, occurrences(html, ConsolePage.LEDGER_UNREADABLE), html);
        assertFalse(html.contains("db-s3cret"), html);
        assertFalse(html.contains("refused at org.postgresql"), html);
    }

    @Test
    void withoutAProviderThereIsNoButtonAndThePageSaysWhatToInstall() {
        String html = render(new ConsolePage(ledger, ledger, null, configurations.service(), CLOCK), VIEW);

        assertTrue(html.contains(Html.text(ConsolePage.NO_PROVIDER)), html);
        assertFalse(html.contains("<form"), html);
    }

    @Test
    void withoutConfigurationAdminThePageSaysItCannotShowTheConfiguration() {
        String html = render(new ConsolePage(ledger, ledger, connection, null, CLOCK), VIEW);

        assertTrue(html.contains(ConsolePage.NO_CONFIG_ADMIN), html);
    }

    @Test
    void withNoServiceAtAllThePageStillRenders() {
        String html = render(new ConsolePage(null, null, null, null, CLOCK), VIEW);

        assertTrue(html.startsWith("<div id=\"stkpush\">"), html);
        assertTrue(html.strip().endsWith("</div>"), html);
        assertTrue(html.contains(Html.text(ConsolePage.NO_PROVIDER)), html);
        assertTrue(html.contains(ConsolePage.LEDGER_DOWN), html);
        assertTrue(html.contains(ConsolePage.NO_CONFIG_ADMIN), html);
        assertTrue(html.contains("href=\"/stkpush/api/\""), html);
    }

    @Test
    void theButtonPostsToThisTabWithTheFormToken() {
        String html = render(VIEW);

        assertTrue(html.contains("<form method=\"post\" action=\"/system/console/stkpush\">"), html);
        assertTrue(html.contains("<input type=\"hidden\" name=\"token\" value=\"t0ken\">"), html);
        assertTrue(html.contains(">Test Daraja connection</button>"), html);
    }

    @Test
    void theLastSignInIsShownWhetherItWorkedOrNot() {
        connection.last = new ConnectionCheck(true, NOW.minusSeconds(60), Duration.ofMillis(840),
                "M-Pesa accepted the consumer key and secret.");
        String worked = render(VIEW);
        assertTrue(worked.contains("Last sign-in</th><td>Worked at 2026-11-28 10:14:00 EAT (took 840 ms): "
                + "M-Pesa accepted the consumer key and secret."), worked);
        assertTrue(worked.contains("<p id=\"stkpush-errors\">No refused"), worked);

        connection.last = new ConnectionCheck(false, NOW, Duration.ofSeconds(3),
                "M-Pesa refused the consumer key and secret (400.008.01 Invalid Authentication).");
        String failed = render(VIEW);
        assertTrue(failed.contains("Last sign-in</th><td><strong>Failed</strong> at 2026-11-28 10:15:00 EAT"),
                failed);
        assertTrue(failed.contains("<p id=\"stkpush-signin-error\"><strong>The last sign-in to M-Pesa failed"
                + "</strong> at 2026-11-28 10:15:00 EAT: M-Pesa refused the consumer key and secret "
                + "(400.008.01 Invalid Authentication).</p>"), failed);
    }

    @Test
    void beforeTheFirstSignInThePageSaysSo() {
        String html = render(VIEW);

        assertTrue(html.contains("Last sign-in</th><td>None since the provider started."), html);
        assertFalse(html.contains("stkpush-signin-error"), html);
    }

    @Test
    void theLatestTwentyProviderMessagesAreListedWithWhatWasDoneNeverTheirBodies() {
        for (int i = 0; i < 30; i++) {
            ledger.entries.add(entry(100 - i, Channel.STK_CALLBACK, Disposition.SETTLED, NOW.minusSeconds(i),
                    "receipt VM73KNJ2Z" + i % 10));
        }

        String html = render(VIEW);

        String journal = table(html, "stkpush-journal");
        assertEquals(20, occurrences(journal, "<tr><td>"), journal);
        assertTrue(journal.contains("<tr><td>2026-11-28 10:15:00 EAT</td><td>STK callback</td><td><code>"
                + PUSH + "</code></td><td><code>SETTLED</code> settled a push or recorded a payment</td>"
                + "<td>receipt VM73KNJ2Z0</td></tr>"), journal);
        assertFalse(html.contains("CallbackMetadata"), html);
        assertFalse(html.contains("254722415717"), html);
        assertEquals(ConsolePage.SCANNED, ledger.lastLimit);
    }

    @Test
    void phoneNumbersInNotesAreMasked() {
        ledger.entries.add(entry(1, Channel.C2B_CONFIRMATION, Disposition.ORPHAN, NOW,
                "no subscriber with account ACC-9 for 254722415717 (0722415717)"));

        String html = render(VIEW);

        assertTrue(html.contains("no subscriber with account ACC-9 for 2547****5717 (******5717)"), html);
        assertFalse(html.contains("722415717"), html);
    }

    @Test
    void theLastErrorsAreRefusedOrphanedConflictingAndStuckMessages() {
        ledger.entries.add(entry(9, Channel.STK_CALLBACK, Disposition.RECEIVED, NOW.minusSeconds(10), "fresh"));
        ledger.entries.add(entry(8, Channel.STK_CALLBACK, Disposition.REJECTED, NOW.minusSeconds(20), "bad token"));
        ledger.entries.add(entry(7, Channel.STATUS_QUERY, Disposition.NOTED, NOW.minusSeconds(30), "pending"));
        ledger.entries.add(entry(6, Channel.C2B_CONFIRMATION, Disposition.ORPHAN, NOW.minusSeconds(40), "unknown"));
        ledger.entries.add(entry(5, Channel.STK_CALLBACK, Disposition.DUPLICATE, NOW.minusSeconds(50), "again"));
        ledger.entries.add(entry(4, Channel.STK_CALLBACK, Disposition.CONFLICT, NOW.minusSeconds(60), "differs"));
        ledger.entries.add(entry(3, Channel.STK_CALLBACK, Disposition.RECEIVED, NOW.minusSeconds(61), "stuck"));
        ledger.entries.add(entry(2, Channel.C2B_VALIDATION, Disposition.SETTLED, NOW.minusSeconds(70), "fine"));
        ledger.entries.add(entry(1, Channel.C2B_CONFIRMATION, Disposition.NOTED, NOW.minusSeconds(80),
                "not processed before a restart; needs review"));

        String errors = table(render(VIEW), "stkpush-errors");

        assertEquals(List.of("bad token", "unknown", "differs", "stuck", "not processed before a restart; needs review"),
                notes(errors));
        assertTrue(errors.contains("<code>REJECTED</code> refused (malformed, forged or not allowed)"), errors);
        assertTrue(errors.contains("<code>ORPHAN</code> concerns no push or payment we know"), errors);
        assertTrue(errors.contains("<code>RECEIVED</code> received, not processed yet"), errors);
    }

    @Test
    void atMostTenErrorsAreListed() {
        for (int i = 0; i < 15; i++) {
            ledger.entries.add(entry(i, Channel.STK_CALLBACK, Disposition.REJECTED, NOW, "bad token " + i));
        }

        assertEquals(ConsolePage.ERRORS_SHOWN, notes(table(render(VIEW), "stkpush-errors")).size());
    }

    @Test
    void anEmptyJournalSaysNothingHasArrived() {
        String html = render(VIEW);

        assertTrue(html.contains("<p id=\"stkpush-journal\">No provider message has arrived yet.</p>"), html);
        assertTrue(html.contains("No refused, orphaned or unprocessed message among the latest 0 provider"), html);
    }

    @Test
    void theOperatorPagesAreLinkedWhenTheDemoHostServesThem() {
        String withPortal = render(VIEW);
        assertTrue(withPortal.contains("<a href=\"/portal/payments.html\">Payments</a>"), withPortal);
        assertTrue(withPortal.contains("<a href=\"/portal/unmatched.html\">Unmatched Payments</a>"), withPortal);

        String without = render(new ConsolePage.View("/system/console", "/system/console/stkpush", "t", false, null));
        assertFalse(without.contains("/portal/"), without);
        assertTrue(without.contains("<a href=\"/stkpush/api/\">/stkpush/api/</a>"), without);
        assertTrue(without.contains("<a href=\"/stkpush/api/health\">health</a>"), without);
    }

    @Test
    void everyConfigurationIsShownWithoutItsSecretsAndLinksToTheConsolesConfigurationPage() {
        String html = render(VIEW);

        for (String secret : List.of("itest-secret", "demo-consumer-key", "itest-callback-key", "db-s3cret",
                "url-s3cret", "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919")) {
            assertFalse(html.contains(secret), secret + " must not be on the page");
        }
        String daraja = table(html, "config-io.stkpush.daraja");
        assertTrue(daraja.contains("<tr><th><code>consumerSecret</code></th><td>****</td></tr>"), daraja);
        assertTrue(daraja.contains("<tr><th><code>passkey</code></th><td>****</td></tr>"), daraja);
        assertTrue(daraja.contains("<tr><th><code>shortCode</code></th><td>174379</td></tr>"), daraja);
        assertTrue(html.contains("<h4><code>io.stkpush.daraja</code> <a href=\"/system/console/configMgr/"
                + "io.stkpush.daraja\">edit</a></h4>"), html);
        assertTrue(html.contains("<p id=\"config-io.stkpush.push\">Not configured: the defaults apply.</p>"), html);
        assertTrue(html.contains("console's <a href=\"/system/console/configMgr\">Configuration</a> page"), html);
    }

    @Test
    void anUnreadableConfigurationIsReportedInPlainWords() {
        configurations.broken = true;

        String html = render(VIEW);

        assertTrue(html.contains("The configuration could not be read just now (see karaf.log)."), html);
        assertFalse(html.contains("/opt/karaf/etc"), html);
    }

    @Test
    void theAnswerToTheButtonIsShownFirst() {
        String html = render(new ConsolePage.View("/system/console", "/system/console/stkpush", "t0ken", true,
                new ConsolePage.Notice(true, "Connection OK: M-Pesa accepted the consumer key and secret.")));

        assertTrue(html.startsWith("<div id=\"stkpush\">\n<p id=\"stkpush-notice\" class=\"statline ok\"><strong>"
                + "Connection OK: M-Pesa accepted the consumer key and secret.</strong></p>"), html);
    }

    @Test
    void hostileTextFromAnySourceIsEscaped() {
        String hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'${head.title}";
        connection.name = hostile;
        connection.last = new ConnectionCheck(false, NOW, Duration.ZERO, hostile);
        ledger.counts = new LedgerCounts(1, 0, 0, 0, null, null, NOW);
        ledger.entries.add(entry(1, Channel.STK_CALLBACK, Disposition.REJECTED, NOW, hostile));
        configurations.put("io.stkpush.push", java.util.Map.of("description", hostile, hostile, "x"));

        String html = render(new ConsolePage.View("/system/console", "/system/console/stkpush\"><script>", hostile,
                true, new ConsolePage.Notice(false, hostile)));

        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("${"), html);
        assertFalse(html.contains("'${"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
                + "&quot;&#39;&#36;{head.title}"), html);
    }

    @Test
    void durationsReadAsPeopleSayThem() {
        assertEquals("850 ms", ConsolePage.human(Duration.ofMillis(850)));
        assertEquals("12 s", ConsolePage.human(Duration.ofSeconds(12)));
        assertEquals("3 min 5 s", ConsolePage.human(Duration.ofSeconds(185)));
        assertEquals("2 h 10 min", ConsolePage.human(Duration.ofMinutes(130)));
        assertEquals("3 d 4 h", ConsolePage.human(Duration.ofHours(76)));
    }

    private String render(ConsolePage.View view) {
        return render(new ConsolePage(ledger, ledger, connection, configurations.service(), CLOCK), view);
    }

    static String render(ConsolePage page, ConsolePage.View view) {
        StringWriter out = new StringWriter();
        page.render(new PrintWriter(out), view);
        return out.toString();
    }

    static JournalEntry entry(long id, Channel channel, Disposition disposition, Instant at, String note) {
        return new JournalEntry(id, new ProviderEvent(channel, PUSH, "196.201.214.200", RAW_CALLBACK), at,
                disposition, note);
    }

    /** The table with this id, from its start tag to its end tag. */
    static String table(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\"");
        assertTrue(start >= 0, "no table " + id + " in " + html);
        return html.substring(start, html.indexOf("</table>", start));
    }

    /** The last cell of each row: the journal's notes. */
    static List<String> notes(String table) {
        Matcher m = Pattern.compile("<td>([^<]*)</td></tr>").matcher(table);
        List<String> notes = new java.util.ArrayList<>();
        while (m.find()) {
            notes.add(m.group(1));
        }
        return notes;
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }
}
