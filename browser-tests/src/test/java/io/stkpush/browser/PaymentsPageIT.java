package io.stkpush.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The demo's Payments and Unmatched Payments pages in headless Chromium: Stop Waiting, then the late payment
 * under Unmatched Payments and linked there; a payment made elsewhere (another operator's push, a Pay Bill from the
 * virtual phone) appearing without reload through the WebSocket; Refresh when the live events did not come.
 */
class PaymentsPageIT {

    private static final Duration OUTCOME = Duration.ofSeconds(FastDemo.WINDOW_SECONDS + 20);

    private static DemoKaraf karaf;
    private static OperatorApi api;
    private static VirtualPhoneApi phone;
    private OperatorPortal portal;

    @BeforeAll
    static void startDemo() throws Exception {
        karaf = FastDemo.start();
        api = new OperatorApi(karaf.url(""));
        phone = new VirtualPhoneApi(karaf.url("/daraja-sim"));
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        portal = new OperatorPortal(Chromium.start(), karaf);
    }

    @AfterEach
    void closeBrowser() {
        portal.browser().quit();
    }

    @Test
    void stopWaitingThenTheLatePaymentIsLinkedFromUnmatchedPayments() throws Exception {
        String msisdn = api.get("/stkpush/api/subscribers/sub-0015").get("phone").asText();
        portal.logIn();
        portal.openDialog();
        portal.selectSubscriber("ACC-0015", "ACC-0015");
        portal.fill(null, 1515);
        portal.inDialog("send-button").click();
        portal.inDialog("waiting");
        String checkout = phone.awaitOpenPrompt(msisdn, OUTCOME);
        portal.screenshot("dialog-waiting");

        portal.inDialog("stop-waiting").click();
        String stopped = portal.awaitOutcome("outcome-stopped", OUTCOME);
        portal.screenshot("dialog-stopped");
        assertTrue(stopped.contains("did not cancel the M-Pesa transaction"), stopped);
        assertTrue(stopped.contains("Unmatched Payments"), stopped);

        // the customer pays after all
        assertEquals("0", phone.enterPin(checkout, "1234").get("resultCode").asText());
        JsonNode late = api.awaitPayment("unredeemed=true", 1515, OUTCOME);
        assertEquals("sub-0015", late.get("intendedSubscriberId").asText());
        String receipt = late.get("receipt").asText();

        portal.open("unmatched.html", "unmatched-table");
        portal.visible("review-table");
        WebElement row = portal.rowContaining("unmatched-table", receipt);
        portal.screenshot("unmatched-page");
        row.findElement(By.cssSelector("[data-testid=link-button]")).click();
        // the subscriber the payment was meant for is offered, then the link is confirmed
        WebElement meantFor = portal.visible("link-subscriber-option");
        assertEquals("sub-0015", meantFor.getAttribute("data-subscriber-id"));
        assertTrue(meantFor.findElement(By.cssSelector("input")).isSelected(), "the intended subscriber is chosen");
        portal.screenshot("unmatched-link");
        portal.visible("link-continue").click();
        WebElement confirm = portal.visible("link-confirm");
        portal.screenshot("unmatched-link-confirm");
        confirm.click();

        portal.awaitNoRow("unmatched-table", receipt);
        JsonNode linked = api.awaitPayment("subscriberId=sub-0015", 1515, OUTCOME);
        assertEquals(receipt, linked.get("receipt").asText());
        assertFalse(linked.get("unredeemed").asBoolean(), linked.toString());
        assertEquals("operator", linked.get("linkedBy").asText());
    }

    @Test
    void aPaymentFromAnotherSessionAppearsWithoutReload() throws Exception {
        portal.recordSockets();
        portal.logIn();
        portal.awaitLiveEvents();
        portal.markPage();

        String receipt = confirmedElsewhere("sub-0001", 1701);

        portal.rowContaining("payments-table", receipt);
        assertTrue(portal.wasNotReloaded(), "the page was reloaded");
        portal.screenshot("payments-page");
    }

    @Test
    void aPayBillFromTheVirtualPhoneAppearsWithoutReload() throws Exception {
        portal.recordSockets();
        portal.logIn();
        portal.awaitLiveEvents();
        portal.markPage();

        phone.awaitC2bRegistration(Duration.ofSeconds(60));
        JsonNode paid = phone.payBill("254711000020", 2020, "ACC-0020");
        assertTrue(paid.get("delivered").asBoolean(), paid.toString());

        WebElement row = portal.rowContaining("payments-table", paid.get("transId").asText());
        assertTrue(row.getText().contains("Pay Bill"), row.getText());
        assertTrue(portal.wasNotReloaded(), "the page was reloaded");
    }

    @Test
    void refreshShowsAPaymentTheLiveEventsMissed() throws Exception {
        portal.dropLiveEvents();
        portal.logIn();
        portal.awaitLiveEvents();

        String receipt = confirmedElsewhere("sub-0001", 1601);
        assertTrue(portal.noRowContains("payments-table", receipt), "the page should not have heard of it");

        portal.visible("refresh").click();
        portal.rowContaining("payments-table", receipt);
    }

    /** Another operator's push, from their own session; returns its receipt once confirmed. */
    private static String confirmedElsewhere(String subscriberId, long amount) throws Exception {
        String pushId = api.push(subscriberId, amount).get("pushId").asText();
        return api.getUntil("/stkpush/api/pushes/" + pushId, push -> !push.path("receipt").isNull(), OUTCOME)
                .get("receipt").asText();
    }
}
