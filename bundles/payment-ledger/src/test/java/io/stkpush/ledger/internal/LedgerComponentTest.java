package io.stkpush.ledger.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.stkpush.api.JournalArchive;
import io.stkpush.api.LedgerCounts;
import io.stkpush.api.LedgerHealth;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.PollLeases;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.PushLedger;
import io.stkpush.api.provider.SharedTokens;

/** The DS component, activated by hand the way SCR does it. */
class LedgerComponentTest {

    private final H2TestDatabase database = new H2TestDatabase("");

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    @Test
    void activationMigratesTheSchemaBeforeTheLedgerIsUsed() {
        LedgerComponent component = new LedgerComponent(database.newPool(), config("unredeemed"));

        LedgerHealth health = component.health();

        assertTrue(health.up());
        assertEquals("9", health.schemaVersion());
        assertEquals(LatePaymentPolicy.UNREDEEMED, component.latePaymentPolicy());
    }

    @Test
    void theLatePaymentPolicyChangesLive() {
        LedgerComponent component = new LedgerComponent(database.newPool(), config("unredeemed"));

        component.modified(config("auto-link"));

        assertEquals(LatePaymentPolicy.AUTO_LINK, component.latePaymentPolicy());
    }

    @Test
    void aBadPolicyValueKeepsWhatApplies() {
        LedgerComponent component = new LedgerComponent(database.newPool(), config("sometimes"));
        assertEquals(LatePaymentPolicy.UNREDEEMED, component.latePaymentPolicy());

        component.modified(config("auto-link"));
        component.modified(config("sometimes"));

        assertEquals(LatePaymentPolicy.AUTO_LINK, component.latePaymentPolicy());
    }

    @Test
    void theOneComponentRegistersEveryRoleIncludingTheOverview() throws Exception {
        assertEquals(List.of(PushLedger.class.getName(), PollLeases.class.getName(), ProviderJournal.class.getName(),
                JournalArchive.class.getName(), LedgerHealthCheck.class.getName(), LedgerOverview.class.getName(),
                SharedTokens.class.getName()),
                providedInterfaces());

        LedgerComponent component = new LedgerComponent(database.newPool(), config("unredeemed"));
        LedgerCounts counts = component.counts();
        assertEquals(0, counts.waiting() + counts.reconciling() + counts.needingReview() + counts.unredeemed());
        assertTrue(component.current("daraja test-account").isEmpty(), "no shared provider token yet");
    }

    /** The services in the component description bnd wrote from the annotations, as SCR reads it. */
    private static List<String> providedInterfaces() throws Exception {
        String description = "OSGI-INF/" + LedgerComponent.class.getName() + ".xml";
        try (InputStream in = LedgerComponent.class.getClassLoader().getResourceAsStream(description)) {
            assertNotNull(in, description + " (written by bnd before the tests run)");
            NodeList provides = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("provide");
            List<String> interfaces = new ArrayList<>();
            for (int i = 0; i < provides.getLength(); i++) {
                interfaces.add(((Element) provides.item(i)).getAttribute("interface"));
            }
            return interfaces;
        }
    }

    private static LedgerConfig config(String latePaymentPolicy) {
        return new LedgerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return LedgerConfig.class;
            }

            @Override
            public String latePaymentPolicy() {
                return latePaymentPolicy;
            }
        };
    }
}
