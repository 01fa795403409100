package io.stkpush.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The STK Push dialog on the demo's Payments page, in headless Chromium against the simulator: one test per row of
 * the user guide's outcome table, Retry, the phone auto-filled and overridden, and the form's messages as typed.
 */
class StkPushDialogIT {

    /** Scripted answers come within a second; a timeout after the shortened window. */
    private static final Duration OUTCOME = Duration.ofSeconds(FastDemo.WINDOW_SECONDS + 20);

    private static DemoKaraf karaf;
    private static OperatorApi api;
    private OperatorPortal portal;

    @BeforeAll
    static void startDemo() throws Exception {
        karaf = FastDemo.start();
        api = new OperatorApi(karaf.url(""));
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (karaf != null) {
            karaf.close();
        }
    }

    @BeforeEach
    void logIn() throws Exception {
        portal = new OperatorPortal(Chromium.start(), karaf);
        portal.logIn();
    }

    @AfterEach
    void closeBrowser() {
        portal.browser().quit();
    }

    @Test
    void paymentConfirmedIsRecordedOnThePaymentsPage() throws Exception {
        portal.openDialog();
        portal.selectSubscriber("Grace", "Grace Wanjiku");
        portal.fill(null, 1501);
        portal.screenshot("dialog-form");
        portal.inDialog("send-button").click();

        String message = portal.awaitOutcome("outcome-confirmed", OUTCOME);
        portal.screenshot("dialog-confirmed");
        assertTrue(message.contains("Payment received and recorded."), message);
        String receipt = api.awaitPayment("subscriberId=sub-0001", 1501, OUTCOME).get("receipt").asText();
        portal.closeDialog();
        portal.rowContaining("payments-table", receipt);
        portal.screenshot("payments-after-confirmed");
    }

    @Test
    void subscriberCancelsOnThePhone() throws Exception {
        String message = sendTo("Brian", "Brian Otieno", 800, "outcome-cancelled");

        portal.screenshot("dialog-cancelled");
        assertTrue(message.contains("cancelled"), message);
    }

    @Test
    void noResponseIsATimeoutWithAdvice() throws Exception {
        String message = sendTo("Mercy", "Mercy Njeri", 900, "outcome-timeout");

        portal.screenshot("dialog-timeout");
        assertTrue(message.contains("No response received"), message);
        String shown = portal.inDialog("outcome-timeout").getText();
        assertTrue(shown.contains("Ask the subscriber if they received the prompt"), shown);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "Samuel Kamau       | dialog-failed                | Number not registered for M-Pesa",
        "Kevin Kiprop       | dialog-failed-wrong-pin      | Wrong M-Pesa PIN entered.",
        "Faith Achieng      | dialog-failed-insufficient   | Insufficient M-Pesa balance.",
        "Caroline Jepkosgei | dialog-failed-busy           | M-Pesa is busy. Try again in a few minutes."})
    void paymentFailedWithTheReason(String name, String screenshot, String reason) throws Exception {
        String message = sendTo(name, name, 700, "outcome-failed");

        portal.screenshot(screenshot);
        assertTrue(message.contains(reason), message);
        if (reason.startsWith("Number not registered")) {
            String shown = portal.inDialog("outcome-failed").getText();
            assertTrue(shown.contains("Verify and correct the number"), shown);
        }
    }

    @Test
    void retryAfterAWrongNumberWithTheCorrectedNumber() throws Exception {
        sendTo("Samuel", "Samuel Kamau", 1200, "outcome-failed");

        portal.inDialog("retry").click();
        // back at the form, as it was sent: correct the number and send again
        assertEquals("0700000009", portal.inDialog("phone-input").getAttribute("value"));
        portal.fill("0712345600", 1200);
        portal.inDialog("send-button").click();

        portal.awaitOutcome("outcome-confirmed", OUTCOME);
        JsonNode payment = api.awaitPayment("subscriberId=sub-0010", 1200, OUTCOME);
        assertEquals("254712345600", payment.get("phone").asText());
    }

    @Test
    void thePhoneIsFilledInAndCanBeOverridden() throws Exception {
        portal.openDialog();
        portal.selectSubscriber("ACC-0001", "Grace Wanjiku");
        assertEquals("0700000000", portal.inDialog("phone-input").getAttribute("value"));

        portal.selectSubscriber("Brian", "Brian Otieno");
        assertEquals("0700000001", portal.inDialog("phone-input").getAttribute("value"));

        // the subscriber pays from another number (ending 00: the simulator's success)
        portal.selectSubscriber("Grace", "Grace Wanjiku");
        portal.fill("254712345600", 1502);
        portal.inDialog("send-button").click();

        portal.awaitOutcome("outcome-confirmed", OUTCOME);
        JsonNode payment = api.awaitPayment("subscriberId=sub-0001", 1502, OUTCOME);
        assertEquals("254712345600", payment.get("phone").asText());
    }

    @Test
    void invalidPhoneAndAmountAreToldAsTyped() throws Exception {
        portal.openDialog();
        portal.selectSubscriber("Grace", "Grace Wanjiku");
        WebElement phone = portal.inDialog("phone-input");
        WebElement amount = portal.inDialog("amount-input");

        OperatorPortal.replace(phone, "0812");
        String phoneRule = portal.awaitFieldError("phone");
        assertTrue(phoneRule.contains("0712345678") && phoneRule.contains("254712345678"), phoneRule);
        OperatorPortal.replace(amount, "12.50");
        String amountRule = portal.awaitFieldError("amount");
        assertTrue(amountRule.contains("KES"), amountRule);
        portal.screenshot("dialog-invalid");

        // a number still being typed is not wrong yet; left unfinished, it is
        OperatorPortal.replace(phone, "07123");
        portal.awaitFieldValid("phone");
        phone.sendKeys(Keys.TAB);
        portal.awaitFieldError("phone");
        for (String valid : List.of("0712345678", "254712345678", "0112 345 678", "+254 712 345 678")) {
            OperatorPortal.replace(phone, valid);
            portal.awaitFieldValid("phone");
        }
        for (String invalid : List.of("0612345678", "2547123456789", "07a")) {
            OperatorPortal.replace(phone, invalid);
            portal.awaitFieldError("phone");
        }

        for (String invalid : List.of("0", "250001", "-5", "abc")) {
            OperatorPortal.replace(amount, invalid);
            portal.awaitFieldError("amount");
        }
        for (String valid : List.of("1", "1,500", "250000")) {
            OperatorPortal.replace(amount, valid);
            portal.awaitFieldValid("amount");
        }
    }

    @Test
    void keyboardOnly() throws Exception {
        // Tab to the page's STK Push button, as an operator without a mouse would
        for (int i = 0; i < 20 && !"stk-push-open".equals(portal.focusedTestId()); i++) {
            portal.press(Keys.TAB);
        }
        assertEquals("stk-push-open", portal.focusedTestId());
        portal.press(Keys.ENTER);
        portal.awaitFocus("subscriber-search");

        portal.press("Grace");
        portal.option("Grace Wanjiku");
        portal.press(Keys.ARROW_DOWN, Keys.ENTER);
        assertEquals("0700000000", portal.inDialog("phone-input").getAttribute("value"));
        portal.press(Keys.TAB);
        assertEquals("phone-input", portal.focusedTestId());
        portal.press(Keys.TAB, "1503");
        assertEquals("amount-input", portal.focusedTestId());
        // the focus stays in the dialog, going round its controls
        for (int i = 0; i < 8; i++) {
            portal.press(Keys.TAB);
            assertTrue(portal.focusInDialog(), "the focus left the dialog");
        }
        for (int i = 0; i < 10 && !"send-button".equals(portal.focusedTestId()); i++) {
            portal.press(Keys.TAB);
        }
        portal.press(Keys.ENTER);

        portal.awaitOutcome("outcome-confirmed", OUTCOME);
        assertTrue(portal.focusInDialog(), "the outcome takes the focus");
        portal.press(Keys.ESCAPE);
        portal.awaitDialogHides("outcome-message");
        portal.awaitFocus("stk-push-open");
        api.awaitPayment("subscriberId=sub-0001", 1503, OUTCOME);
    }

    /** Sends a push to the subscriber's registered phone; returns the outcome's message, once Retry is offered. */
    private String sendTo(String query, String name, long amount, String outcome) {
        portal.openDialog();
        portal.selectSubscriber(query, name);
        portal.fill(null, amount);
        portal.inDialog("send-button").click();
        String message = portal.awaitOutcome(outcome, OUTCOME);
        portal.inDialog("retry");
        return message;
    }
}
