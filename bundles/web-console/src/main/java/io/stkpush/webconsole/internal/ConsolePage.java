package io.stkpush.webconsole.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Objects;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderConnection;

/**
 * The tab's content, server-rendered: the provider's sign-in and its test, the ledger's counts, the last errors,
 * the latest provider messages, links to the operator's pages and every stkpush configuration with its secrets
 * masked. Each service may be missing; the page then says what is missing and renders the rest. Every value
 * goes through {@link Html#text}; journal notes and provider messages also through {@link Masking#phoneNumbers}
 * (raw bodies, which hold phone numbers, are never shown).
 */
final class ConsolePage {

    /** What one request brings to the page. */
    record View(String appRoot, String pluginRoot, String formToken, boolean portalPages, Notice notice) {
    }

    /** The answer to the button (or why the POST was refused), shown above everything else. */
    record Notice(boolean good, String text) {
    }

    /** How many provider messages the page lists. */
    static final int LATEST = 20;
    /** How far back the last errors are looked for, and how many are listed. */
    static final int SCANNED = 100;
    static final int ERRORS_SHOWN = 10;
    /**
     * Noted, but left for a person: an unknown result code, or a message the journal janitor would not apply
     * unverified after a restart (its note says "needs review").
     */
    private static boolean needsReview(JournalEntry entry) {
        return entry.disposition() == Disposition.NOTED && entry.note() != null
                && entry.note().contains("needs review");
    }

    /** A message still RECEIVED this long after it arrived was never processed: its handling died. */
    static final Duration STUCK_AFTER = Duration.ofMinutes(1);

    static final String LEDGER_DOWN =
            "The payment ledger is not running: check the stkpush datasource configuration.";
    static final String LEDGER_UNREADABLE = "The payment ledger could not be read just now (see karaf.log).";
    static final String NO_PROVIDER = "No payment provider is running, so there is no connection to test. "
            + "Install the feature stkpush-daraja and configure io.stkpush.daraja.";
    static final String NO_CONFIG_ADMIN = "Configuration Admin is not running, so the configuration cannot be shown.";

    private static final Set<Disposition> ERRORS = EnumSet.of(Disposition.REJECTED, Disposition.ORPHAN,
            Disposition.CONFLICT);
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePage.class);

    private final LedgerOverview overview;
    private final ProviderJournal journal;
    private final ProviderConnection connection;
    private final ConfigurationAdmin configurationAdmin;
    private final Clock clock;
    private final DateTimeFormatter time;

    /** Any service may be {@code null}: not running. */
    ConsolePage(LedgerOverview overview, ProviderJournal journal, ProviderConnection connection,
            ConfigurationAdmin configurationAdmin, Clock clock) {
        this.overview = overview;
        this.journal = journal;
        this.connection = connection;
        this.configurationAdmin = configurationAdmin;
        this.clock = clock;
        this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z").withZone(clock.getZone());
    }

    void render(PrintWriter out, View view) {
        out.println("<div id=\"stkpush\">");
        if (view.notice() != null) {
            out.println("<p id=\"stkpush-notice\" class=\"statline " + (view.notice().good() ? "ok" : "failed")
                    + "\"><strong>" + Html.text(Masking.phoneNumbers(view.notice().text())) + "</strong></p>");
        }
        out.println("<p>The state of stkpush on this Karaf node, for the administrator. Operators work on the "
                + "portal's pages (below).</p>");
        List<JournalEntry> entries = readJournal();
        connection(out, view);
        counts(out);
        errors(out, entries);
        latest(out, entries);
        operatorPages(out, view);
        configuration(out, view);
        out.println("</div>");
    }

    private void connection(PrintWriter out, View view) {
        heading(out, "M-Pesa connection");
        if (connection == null) {
            paragraph(out, "stkpush-connection", NO_PROVIDER);
            return;
        }
        Optional<ConnectionCheck> last = lastSignIn();
        out.println("<table id=\"stkpush-connection\" class=\"nicetable\"><tbody>");
        row(out, "Provider", Html.text(connection.name()));
        row(out, "Last sign-in", last.map(this::signIn).orElse("None since the provider started."));
        out.println("</tbody></table>");
        out.println("<form method=\"post\" action=\"" + Html.text(view.pluginRoot()) + "\">");
        out.println("<input type=\"hidden\" name=\"" + FormGuard.FIELD + "\" value=\"" + Html.text(view.formToken())
                + "\">");
        out.println("<p><button type=\"submit\" id=\"stkpush-test-connection\">Test Daraja connection</button> "
                + "asks M-Pesa for an access token now with the configured consumer key and secret, and says how "
                + "it went (never the token).</p>");
        out.println("</form>");
    }

    private String signIn(ConnectionCheck check) {
        return (check.ok() ? "Worked" : "<strong>Failed</strong>") + " at " + Html.text(at(check.at())) + " (took "
                + Html.text(human(check.took())) + "): " + Html.text(Masking.phoneNumbers(check.message()));
    }

    private void counts(PrintWriter out) {
        heading(out, "Work in progress");
        if (overview == null) {
            paragraph(out, "stkpush-counts", LEDGER_DOWN);
            return;
        }
        LedgerCounts counts;
        try {
            counts = Objects.requireNonNull(overview.counts(), "the ledger gave no counts");
        } catch (RuntimeException e) {
            LOG.warn("Web console: reading the ledger's counts failed: {}", Masking.forLog(e));
            paragraph(out, "stkpush-counts", LEDGER_UNREADABLE);
            return;
        }
        out.println("<table id=\"stkpush-counts\" class=\"nicetable\"><tbody>");
        count(out, "waiting", "Waiting for the customer (sending or waiting)", counts.waiting());
        count(out, "reconciling", "Reconciling (no longer waited on, still asked about)", counts.reconciling());
        count(out, "review", "Left for review (no outcome will come on its own)", counts.needingReview());
        count(out, "unredeemed", "Unredeemed payments (not linked to a subscriber)", counts.unredeemed());
        Duration lag = counts.pollerLag();
        row(out, "Poller lag", "<span id=\"poller-lag\">" + Html.text(lag.isZero() ? "none" : human(lag))
                + "</span>");
        row(out, "Oldest due status query", counts.oldestDuePush() == null ? "None due."
                : "push <code>" + Html.text(counts.oldestDuePush()) + "</code>, due since "
                        + Html.text(at(counts.oldestDuePollAt())));
        row(out, "Counted at", Html.text(at(counts.at())));
        out.println("</tbody></table>");
    }

    private void count(PrintWriter out, String id, String label, long value) {
        row(out, label, "<span id=\"count-" + id + "\">" + value + "</span>");
    }

    private void errors(PrintWriter out, List<JournalEntry> entries) {
        heading(out, "Last errors");
        Optional<ConnectionCheck> signIn = lastSignIn().filter(check -> !check.ok());
        signIn.ifPresent(check -> paragraphHtml(out, "stkpush-signin-error",
                "<strong>The last sign-in to M-Pesa failed</strong> at " + Html.text(at(check.at())) + ": "
                        + Html.text(Masking.phoneNumbers(check.message()))));
        if (entries == null) {
            if (signIn.isEmpty()) {
                paragraph(out, "stkpush-errors", journalMissing());
            }
            return;
        }
        Instant stuckBefore = clock.instant().minus(STUCK_AFTER);
        List<JournalEntry> errors = entries.stream()
                .filter(e -> ERRORS.contains(e.disposition())
                        || (e.disposition() == Disposition.RECEIVED && e.receivedAt().isBefore(stuckBefore))
                        || needsReview(e))
                .limit(ERRORS_SHOWN).toList();
        if (errors.isEmpty()) {
            paragraph(out, "stkpush-errors", "No refused, orphaned or unprocessed message among the latest "
                    + entries.size() + " provider messages.");
            return;
        }
        journalTable(out, "stkpush-errors", errors);
    }

    private void latest(PrintWriter out, List<JournalEntry> entries) {
        heading(out, "Latest provider messages");
        if (entries == null) {
            paragraph(out, "stkpush-journal", journalMissing());
        } else if (entries.isEmpty()) {
            paragraph(out, "stkpush-journal", "No provider message has arrived yet.");
        } else {
            journalTable(out, "stkpush-journal", entries.subList(0, Math.min(LATEST, entries.size())));
        }
    }

    private void journalTable(PrintWriter out, String id, List<JournalEntry> entries) {
        out.println("<table id=\"" + id + "\" class=\"nicetable\"><thead><tr><th>Received</th><th>Channel</th>"
                + "<th>Push</th><th>What was done</th><th>Note</th></tr></thead><tbody>");
        for (JournalEntry entry : entries) {
            ProviderEvent event = entry.event();
            out.println("<tr><td>" + Html.text(at(entry.receivedAt())) + "</td><td>" + Html.text(channel(event))
                    + "</td><td>" + (event.pushId() == null ? "" : "<code>" + Html.text(event.pushId()) + "</code>")
                    + "</td><td><code>" + Html.text(entry.disposition()) + "</code> "
                    + Html.text(whatWasDone(entry.disposition())) + "</td><td>"
                    + Html.text(Masking.phoneNumbers(entry.note())) + "</td></tr>");
        }
        out.println("</tbody></table>");
    }

    private void operatorPages(PrintWriter out, View view) {
        heading(out, "Operator pages");
        out.println("<ul id=\"stkpush-links\">");
        if (view.portalPages()) {
            out.println("<li><a href=\"/portal/payments.html\">Payments</a> (the demo host's portal)</li>");
            out.println("<li><a href=\"/portal/unmatched.html\">Unmatched Payments</a></li>");
        }
        out.println("<li>The operator REST API: <a href=\"/stkpush/api/\">/stkpush/api/</a> "
                + "(<a href=\"/stkpush/api/health\">health</a>, no login)</li>");
        out.println("</ul>");
    }

    private void configuration(PrintWriter out, View view) {
        heading(out, "Configuration");
        String configPage = view.appRoot() + "/configMgr";
        paragraphHtml(out, "stkpush-config-note", "Secrets are shown only as " + Masking.SET + " (set) or "
                + Masking.NOT_SET + ". The configuration is edited on the console's <a href=\""
                + Html.text(configPage) + "\">Configuration</a> page, which knows every key (metatype); "
                + "changes apply at once.");
        if (configurationAdmin == null) {
            paragraph(out, "stkpush-config", NO_CONFIG_ADMIN);
            return;
        }
        List<ConfigurationSummary.Pid> pids;
        try {
            pids = ConfigurationSummary.read(configurationAdmin);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Web console: reading the configuration failed: {}", Masking.forLog(e));
            paragraph(out, "stkpush-config", "The configuration could not be read just now (see karaf.log).");
            return;
        }
        for (ConfigurationSummary.Pid pid : pids) {
            String edit = pid.configured() || !pid.name().equals(ConfigurationSummary.DATASOURCE)
                    ? " <a href=\"" + Html.text(configPage + "/" + urlPart(pid.configured() ? pid.pid() : pid.name()))
                            + "\">edit</a>"
                    : "";
            out.println("<h4><code>" + Html.text(pid.name()) + "</code>" + edit + "</h4>");
            if (!pid.configured()) {
                paragraph(out, "config-" + pid.name(), pid.absence());
                continue;
            }
            out.println("<table id=\"config-" + Html.text(pid.name()) + "\" class=\"nicetable\"><tbody>");
            for (ConfigurationSummary.Setting setting : pid.settings()) {
                row(out, "<code>" + Html.text(setting.key()) + "</code>", Html.text(setting.shown()));
            }
            out.println("</tbody></table>");
        }
    }

    private List<JournalEntry> readJournal() {
        if (journal == null) {
            return null;
        }
        try {
            return journal.recentJournal(SCANNED);
        } catch (RuntimeException e) {
            LOG.warn("Web console: reading the provider journal failed: {}", Masking.forLog(e));
            return null;
        }
    }

    private String journalMissing() {
        return journal == null ? LEDGER_DOWN : LEDGER_UNREADABLE;
    }

    private Optional<ConnectionCheck> lastSignIn() {
        if (connection == null) {
            return Optional.empty();
        }
        try {
            return connection.lastSignIn();
        } catch (RuntimeException e) {
            LOG.warn("Web console: reading the provider's last sign-in failed: {}", Masking.forLog(e));
            return Optional.empty();
        }
    }

    private String at(Instant instant) {
        return instant == null ? "" : time.format(instant);
    }

    private static void heading(PrintWriter out, String text) {
        out.println("<h3>" + Html.text(text) + "</h3>");
    }

    private static void paragraph(PrintWriter out, String id, String text) {
        paragraphHtml(out, id, Html.text(text));
    }

    /** A paragraph of HTML the caller has already escaped. */
    private static void paragraphHtml(PrintWriter out, String id, String html) {
        out.println("<p id=\"" + Html.text(id) + "\">" + html + "</p>");
    }

    /** A row of a two-column table; both cells are HTML the caller has escaped. */
    private static void row(PrintWriter out, String label, String html) {
        out.println("<tr><th>" + label + "</th><td>" + html + "</td></tr>");
    }

    private static String urlPart(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String channel(ProviderEvent event) {
        return switch (event.channel()) {
            case STK_CALLBACK -> "STK callback";
            case STATUS_QUERY -> "status query";
            case C2B_VALIDATION -> "C2B validation";
            case C2B_CONFIRMATION -> "C2B confirmation";
        };
    }

    static String whatWasDone(Disposition disposition) {
        return switch (disposition) {
            case RECEIVED -> "received, not processed yet";
            case SETTLED -> "settled a push or recorded a payment";
            case DUPLICATE -> "repeated what was already recorded";
            case CONFLICT -> "contradicted the recorded outcome, which stands";
            case REJECTED -> "refused (malformed, forged or not allowed)";
            case ORPHAN -> "concerns no push or payment we know";
            case NOTED -> "noted, nothing to settle yet";
        };
    }

    /** 850 ms, 12 s, 3 min 5 s, 2 h 10 min, 3 d 4 h. */
    static String human(Duration duration) {
        long ms = duration.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = duration.getSeconds();
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + s % 3600 / 60 + " min";
        }
        return s / 86_400 + " d " + s % 86_400 / 3600 + " h";
    }
}
