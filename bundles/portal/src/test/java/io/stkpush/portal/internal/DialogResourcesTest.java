package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The dialog is served where host pages load it from, with every file it loads, and keeps the data-testids host
 * tests drive it by. Reads the component description bnd generated, as the HTTP whiteboard will.
 */
class DialogResourcesTest {

    private static final String ENTRY = "stk-push-dialog.js";

    @Test
    void theWhiteboardServesTheUiFolderUnderStkpushUi() throws Exception {
        Map<String, String> properties = componentProperties();

        assertEquals("/stkpush/ui/*", properties.get("osgi.http.whiteboard.resource.pattern"));
        assertEquals("/ui", properties.get("osgi.http.whiteboard.resource.prefix"));
    }

    @Test
    void everyFileTheDialogLoadsIsInTheServedFolder() throws IOException {
        List<String> pending = new ArrayList<>(List.of(ENTRY));
        Set<String> seen = new HashSet<>();
        // relative imports and new URL('./…', import.meta.url): the only ways the modules reach each other
        Pattern reference = Pattern.compile("(?:from\\s+|new URL\\()'\\./([\\w.-]+)'");
        while (!pending.isEmpty()) {
            String name = pending.remove(0);
            if (!seen.add(name)) {
                continue;
            }
            String text = served(name);
            if (name.endsWith(".js")) {
                Matcher m = reference.matcher(text);
                while (m.find()) {
                    pending.add(m.group(1));
                }
            }
        }
        assertTrue(seen.containsAll(List.of("stk-push-api.js", "stk-push-rules.js", "stk-push-wait.js",
                "stk-push-renewal.js", "stk-push-dialog.css")), "loaded: " + seen);
    }

    @Test
    void theDataTestidsHostTestsUseAreInTheDialog() throws IOException {
        String dialog = served(ENTRY);
        for (String testid : List.of("subscriber-search", "subscriber-option", "phone-input", "amount-input",
                "send-button", "waiting", "stop-waiting", "outcome-confirmed", "outcome-cancelled", "outcome-timeout",
                "outcome-failed", "outcome-message", "retry",
                // renewal mode
                "renewal-summary", "renewal-plan", "renewal-amount", "renewing", "renewing-state", "renewing-close",
                "outcome-renewed", "outcome-renewal-failed", "outcome-renewal-pending", "outcome-not-renewed",
                "outcome-detail", "renewal-note")) {
            assertTrue(dialog.contains("'" + testid + "'") || dialog.contains("\"" + testid + "\""),
                    "data-testid " + testid);
        }
    }

    private static String served(String name) throws IOException {
        // the whiteboard maps /stkpush/ui/<name> to the bundle entry <prefix>/<name>
        try (InputStream in = DialogResources.class.getClassLoader().getResourceAsStream("ui/" + name)) {
            assertNotNull(in, "ui/" + name + " is not in the bundle");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> componentProperties() throws Exception {
        String description = "OSGI-INF/" + DialogResources.class.getName() + ".xml";
        Map<String, String> properties = new HashMap<>();
        try (InputStream in = DialogResources.class.getClassLoader().getResourceAsStream(description)) {
            assertNotNull(in, description + " (written by bnd before the tests run)");
            NodeList nodes = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("property");
            for (int i = 0; i < nodes.getLength(); i++) {
                Element property = (Element) nodes.item(i);
                String value = property.hasAttribute("value") ? property.getAttribute("value")
                        : property.getTextContent().strip();
                properties.put(property.getAttribute("name"), value);
            }
        }
        return properties;
    }
}
