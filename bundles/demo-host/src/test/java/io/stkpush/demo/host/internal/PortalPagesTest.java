package io.stkpush.demo.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The pages as the bundle carries them: what the whiteboard is told to serve (the DS descriptors bnd wrote), that
 * every page finds its scripts and style sheet, that they call only the documented operator API and nothing
 * outside the server, and that the test ids the browser tests drive are there.
 */
class PortalPagesTest {

    static final List<String> PAGES = List.of("payments.html", "unmatched.html", "subscriber.html");

    /** The operator REST API and the event WebSocket, as the README documents them. */
    static final List<Pattern> DOCUMENTED = Stream.of(
            "/stkpush/api/subscribers(\\?.*|/)?",
            "/stkpush/api/payments(\\?.*|/)?",
            "/stkpush/api/pushes(\\?.*|/)?",
            "/stkpush/api/plans",
            "/stkpush/api/renewals(\\?.*|/)?",
            "/stkpush/api/events/tickets",
            "/stkpush/events/(\\?.*)?",
            "/stkpush/ui/stk-push-dialog\\.js").map(Pattern::compile).toList();

    /** The demo host's own API ({@link PortalApi}); the cash renewal's path comes from the list of methods. */
    static final List<String> PORTAL_API = List.of("/portal/api/plans", "/portal/api/payment-methods");

    private static final Pattern PORTAL_API_PATH = Pattern.compile("['\"`](/portal/api/[^'\"`]*)['\"`]");
    private static final Pattern STKPUSH_PATH = Pattern.compile("['\"`](/stkpush/[^'\"`]*)['\"`]");
    private static final Pattern LOCAL_REFERENCE = Pattern.compile("(?:href|src)=\"([^\"#?]+)");
    private static final Pattern IMPORT = Pattern.compile("import \\{([^}]*)\\} from '\\./([^']+)'");

    @Test
    void theWhiteboardServesThePortalFolderOnlyWhileTheLoginFilterIsThere() throws Exception {
        String pages = descriptor(PortalPages.class);
        assertTrue(pages.contains("name=\"osgi.http.whiteboard.resource.pattern\" type=\"String\">/portal/*<"), pages);
        assertTrue(pages.contains("name=\"osgi.http.whiteboard.resource.prefix\" type=\"String\" value=\"/portal\""),
                pages);
        assertTrue(pages.contains("interface=\"javax.servlet.Filter\"")
                && pages.contains("target=\"(osgi.http.whiteboard.filter.name=" + PortalLogin.NAME + ")\""), pages);
        assertTrue(resource("/portal/payments.html") != null, "the prefix names the bundle's portal folder");

        String login = descriptor(PortalLogin.class);
        assertTrue(login.contains("value=\"" + PortalLogin.NAME + "\""), login);
        assertTrue(login.contains("name=\"osgi.http.whiteboard.filter.pattern\" type=\"String\">/portal\n/portal/*<"),
                login);
        assertTrue(login.contains("cardinality=\"0..1\"") && login.contains("policy-option=\"greedy\""), login);

        String entrance = descriptor(PortalEntrance.class);
        assertTrue(entrance.contains("name=\"osgi.http.whiteboard.servlet.pattern\" type=\"String\">/portal/<"),
                entrance);
        assertEquals("/portal/payments.html", PortalEntrance.FIRST_PAGE);
    }

    @Test
    void everyPageFindsItsScriptsAndStyleSheet() throws Exception {
        for (String page : PAGES) {
            Matcher reference = LOCAL_REFERENCE.matcher(text(page));
            while (reference.find()) {
                String target = reference.group(1);
                if (target.startsWith("/")) {
                    assertDocumented(page, target);
                } else {
                    assertTrue(resource("/portal/" + target) != null, page + " refers to a missing " + target);
                }
            }
        }
    }

    @Test
    void everyImportedNameIsExportedByItsModule() throws Exception {
        for (String script : scripts()) {
            Matcher imported = IMPORT.matcher(text(script));
            while (imported.find()) {
                String module = imported.group(2);
                assertTrue(resource("/portal/" + module) != null, script + " imports a missing " + module);
                String exports = text(module);
                for (String name : imported.group(1).split(",")) {
                    String wanted = name.strip();
                    if (!Pattern.compile("export (?:async )?(?:function|const|class) " + wanted + "\\b")
                            .matcher(exports).find()) {
                        fail(script + " imports " + wanted + ", which " + module + " does not export");
                    }
                }
            }
        }
    }

    @Test
    void thePagesCallOnlyTheDocumentedApiAndNothingOutsideTheServer() throws Exception {
        List<String> files = new ArrayList<>(PAGES);
        files.addAll(scripts());
        files.add("portal.css");
        int apiCalls = 0;
        for (String file : files) {
            String text = text(file);
            Matcher outside = Pattern.compile("(?:https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", Pattern.CASE_INSENSITIVE)
                    .matcher(text);
            if (outside.find()) {
                fail(file + " reaches outside the server: " + outside.group());
            }
            Matcher path = STKPUSH_PATH.matcher(text);
            while (path.find()) {
                assertDocumented(file, path.group(1));
                apiCalls++;
            }
            Matcher own = PORTAL_API_PATH.matcher(text);
            while (own.find()) {
                assertTrue(PORTAL_API.contains(own.group(1)), file + " calls " + own.group(1)
                        + ", which the portal's own API does not have");
                apiCalls++;
            }
        }
        assertTrue(apiCalls >= 12, "the scripts call the API: " + apiCalls);
    }

    @Test
    void theTestIdsTheBrowserTestsDriveAreThere() throws Exception {
        Map<String, List<String>> ids = new TreeMap<>(Map.of(
                "payments.html", List.of("payments-table", "refresh", "stk-push-open"),
                "unmatched.html", List.of("unmatched-table", "review-table", "refresh", "unmatched-search",
                        "link-dialog", "link-subscriber-search", "link-continue", "link-back", "link-confirm",
                        "link-cancel", "link-error", "failed-renewals-table", "link-renew-confirm",
                        "link-renew-cancel", "link-mismatch"),
                "unmatched.js", List.of("link-button", "link-subscriber-option", "link-renew-button",
                        "renewal-retry-button"),
                "subscriber.html", List.of("stk-push-open", "refresh", "subscription-tab", "subscription-plan",
                        "subscription-expiry", "subscriber-payments-table", "subscriber-find", "renew-open",
                        "renew-dialog", "renew-current", "renew-plans", "renew-methods", "renew-phone",
                        "renew-phone-error", "renew-what", "renew-error", "renew-cancel", "renew-confirm", "renew-done",
                        "renew-done-message", "renew-done-close", "subscriber-renewals-table"),
                "subscriber.js", List.of("renew-plan-option", "renew-method-option")));
        for (Map.Entry<String, List<String>> file : ids.entrySet()) {
            String text = text(file.getKey());
            for (String id : file.getValue()) {
                assertTrue(text.contains(file.getKey().endsWith(".js") ? "'data-testid': '" + id + "'"
                        : "data-testid=\"" + id + "\""), file.getKey() + " lacks data-testid " + id);
            }
        }
    }

    @Test
    void thePagesWithStkPushEmbedTheDialogWithOneScriptAndOneElement() throws Exception {
        for (String page : Set.of("payments.html", "subscriber.html")) {
            String text = text(page);
            assertEquals(1, count(text, "<script type=\"module\" src=\"/stkpush/ui/stk-push-dialog.js\"></script>"), page);
            assertEquals(1, count(text, "<stk-push-dialog"), page);
        }
    }

    private static void assertDocumented(String file, String path) {
        if (DOCUMENTED.stream().noneMatch(pattern -> pattern.matcher(path).matches())) {
            fail(file + " calls " + path + ", which the operator API does not document");
        }
    }

    private static List<String> scripts() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(Path.of(resource("/portal/payments.html").toURI()).getParent())) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".js")).sorted()
                    .toList();
        }
    }

    private static String descriptor(Class<?> component) throws IOException {
        URL xml = resource("/OSGI-INF/" + component.getName() + ".xml");
        assertTrue(xml != null, "bnd wrote no descriptor for " + component.getSimpleName());
        try (InputStream in = xml.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String text(String file) throws IOException {
        URL url = resource("/portal/" + file);
        assertTrue(url != null, "missing portal/" + file);
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static URL resource(String path) {
        return PortalPagesTest.class.getResource(path);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
