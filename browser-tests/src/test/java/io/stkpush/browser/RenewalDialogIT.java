package io.stkpush.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Renew / Change Plan on the demo's Subscription tab, in headless Chromium against the simulator: renewed by STK
 * Push (the expiry moves once, live), cancelled on the phone (not renewed), the STK Push method going away with
 * {@code feature:uninstall stkpush-renewal} and back with {@code feature:install} (cash renews meanwhile), a payment
 * that came after Stop Waiting renewed by Link and renew, and a renewal the billing system failed after payment,
 * tried again from Unmatched Payments.
 */
class RenewalDialogIT {

    private static final Duration OUTCOME = Duration.ofSeconds(FastDemo.WINDOW_SECONDS + 20);
    private static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final String STK_PUSH = "mpesa-stk-push";

    private static DemoKaraf karaf;
    private static OperatorApi api;
    private static VirtualPhoneApi phone;
    /** Subscribers a test has renewed: each test takes its own, so their expiries stay predictable. */
    private static final Set<String> TAKEN = new HashSet<>();

    private OperatorPortal portal;

    @BeforeAll
    static void startDemo() throws Exception {
        // a renewal the billing system cannot apply is tried three times within seconds, then left failed
        karaf = FastDemo.start(Map.of("io.stkpush.renewal.cfg",
                List.of("sweepMillis = 500", "retryFirstSeconds = 1", "retryMaxSeconds = 2", "attempts = 3")));
        api = new OperatorApi(karaf.url(""));
        phone = new VirtualPhoneApi(karaf.url("/daraja-sim"));
        awaitRenewalsReady();
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
    void renewedByStkPushTheExpiryMovesOnceWithoutReload() throws Exception {
        JsonNode subscriber = subscriberWithTimeLeft();
        String id = subscriber.get("id").asText();
        JsonNode plan = plan(subscriber.get("planId").asText());
        Instant before = Instant.parse(subscriber.get("expiresAt").asText());
        openSubscriber(id);
        assertEquals(before, expiryShown());

        openRenewDialog();
        assertEquals(plan.get("id").asText(), chosenPlan(), "the current plan is chosen: a renewal");
        assertEquals(List.of("Cash", "M-Pesa STK Push"), methodLabels());
        chooseMethod(STK_PUSH);
        WebElement phoneInput = portal.visible("renew-phone");
        assertEquals(localPhone(subscriber.get("phone").asText()), phoneInput.getAttribute("value"));
        // the customer pays from another phone; ending 06, M-Pesa delivers its callback three times
        OperatorPortal.replace(phoneInput, "0712345606");
        String what = portal.visible("renew-what").getText();
        assertTrue(what.contains("Renew " + plan.get("name").asText()) && what.contains("by M-Pesa"), what);
        portal.screenshot("renew-dialog");
        portal.visible("renew-confirm").click();

        String message = portal.awaitOutcome("outcome-renewed", OUTCOME);
        assertFalse(message.isBlank());
        Instant expected = before.atZone(NAIROBI).plus(Period.parse(plan.get("period").asText())).toInstant();
        String detail = portal.inDialog("outcome-detail").getText();
        assertTrue(detail.contains("The subscription now ends on " + LONG_DATE.format(expected.atZone(NAIROBI))),
                detail);
        portal.screenshot("renewal-renewed");
        // live: the Subscription tab shows the new expiry, without a reload
        awaitExpiryShown(expected);
        assertTrue(portal.wasNotReloaded(), "the page was loaded again");
        portal.closeDialog();
        portal.awaitFocus("renew-open");
        portal.rowContaining("subscriber-renewals-table", "Renewed");
        portal.screenshot("subscription-renewed");

        // once: one renewal, applied; one payment; the expiry one period later, whatever M-Pesa repeated
        JsonNode renewals = api.get("/stkpush/api/renewals?subscriberId=" + id + "&limit=10");
        assertEquals(1, renewals.size(), renewals.toString());
        assertEquals("APPLIED", renewals.get(0).get("state").asText());
        assertEquals(expected, Instant.parse(renewals.get(0).get("newExpiresAt").asText()));
        assertEquals(plan.get("priceKes").asLong(), renewals.get(0).get("amountKes").asLong());
        assertEquals(1, api.get("/stkpush/api/payments?subscriberId=" + id).size());
        assertEquals(expected, expiresAt(id));
    }

    @Test
    void cancelledOnThePhoneTheSubscriptionIsNotRenewed() throws Exception {
        JsonNode subscriber = subscriberWithTimeLeft();
        String id = subscriber.get("id").asText();
        Instant before = Instant.parse(subscriber.get("expiresAt").asText());
        openSubscriber(id);

        openRenewDialog();
        chooseMethod(STK_PUSH);
        // ending 01: the customer cancels on the phone
        OperatorPortal.replace(portal.visible("renew-phone"), "0712345601");
        portal.visible("renew-confirm").click();

        String message = portal.awaitOutcome("outcome-cancelled", OUTCOME);
        assertTrue(message.contains("cancelled"), message);
        String note = portal.inDialog("renewal-note").getText();
        assertEquals("The subscription was not renewed.", note);
        portal.inDialog("retry");
        portal.screenshot("renewal-cancelled");

        JsonNode renewal = api.getUntil("/stkpush/api/renewals?subscriberId=" + id + "&limit=10",
                list -> list.size() == 1 && "NOT_PAID".equals(list.get(0).get("state").asText()), OUTCOME).get(0);
        assertTrue(renewal.get("message").asText().startsWith("Not renewed"), renewal.toString());
        assertEquals(before, expiresAt(id));
        portal.closeDialog();
        portal.rowContaining("subscriber-renewals-table", "Not paid");
        assertEquals(before, expiryShown());
    }

    @Test
    void theStkPushMethodGoesWithTheFeatureAndComesBackWithIt() throws Exception {
        JsonNode subscriber = subscriberWithTimeLeft();
        String id = subscriber.get("id").asText();
        Instant before = Instant.parse(subscriber.get("expiresAt").asText());
        JsonNode other = otherPlan(subscriber.get("planId").asText());
        openSubscriber(id);
        openRenewDialog();
        assertEquals(List.of("Cash", "M-Pesa STK Push"), methodLabels());
        portal.visible("renew-cancel").click();
        portal.awaitFocus("renew-open");

        try {
            karaf.console("feature:uninstall stkpush-renewal");
            awaitMethods(List.of("cash"));

            // the same page, no reload: the dialog lists what is registered now
            openRenewDialog();
            assertEquals(List.of("Cash"), methodLabels());
            assertFalse(portal.visible("renew-what").getText().contains("M-Pesa"));
            // cash still renews, here changing the plan
            portal.visible("renew-dialog").findElement(By.cssSelector(
                    "[data-testid=renew-plan-option][data-plan-id='" + other.get("id").asText() + "']")).click();
            String what = portal.visible("renew-what").getText();
            assertTrue(what.startsWith("Change from ") && what.contains(other.get("name").asText()), what);
            portal.screenshot("renew-dialog-cash-only");
            portal.visible("renew-confirm").click();

            String done = portal.visible("renew-done-message").getText();
            Instant expected = before.atZone(NAIROBI).plus(Period.parse(other.get("period").asText())).toInstant();
            assertTrue(done.contains(other.get("name").asText())
                    && done.contains(LONG_DATE.format(expected.atZone(NAIROBI))), done);
            portal.screenshot("renew-cash-done");
            awaitExpiryShown(expected);
            assertEquals(other.get("name").asText(), portal.visible("subscription-plan").getText());
            assertEquals(expected, expiresAt(id));
            portal.visible("renew-done-close").click();
            portal.awaitFocus("renew-open");
        } finally {
            karaf.console("feature:install stkpush-renewal");
        }
        awaitRenewalsReady();

        openRenewDialog();
        assertEquals(List.of("Cash", "M-Pesa STK Push"), methodLabels());
        assertTrue(portal.wasNotReloaded(), "the page was loaded again");
    }

    @Test
    void paidAfterStopWaitingThenLinkAndRenewFromUnmatchedPayments() throws Exception {
        JsonNode subscriber = subscriberWithTimeLeft();
        String id = subscriber.get("id").asText();
        String msisdn = msisdn(subscriber.get("phone").asText());
        JsonNode plan = plan(subscriber.get("planId").asText());
        Instant before = Instant.parse(subscriber.get("expiresAt").asText());
        openSubscriber(id);

        openRenewDialog();
        chooseMethod(STK_PUSH);
        portal.visible("renew-confirm").click();
        portal.inDialog("waiting");
        String checkout = phone.awaitOpenPrompt(msisdn, OUTCOME);
        String waiting = portal.inDialog("waiting").getText();
        assertTrue(waiting.contains(plan.get("name").asText()), waiting);
        portal.screenshot("renewal-waiting");

        portal.inDialog("stop-waiting").click();
        portal.awaitOutcome("outcome-stopped", OUTCOME);
        String note = portal.inDialog("renewal-note").getText();
        assertTrue(note.startsWith("The subscription was not renewed.") && note.contains("Link and renew"), note);

        // the customer pays after all: held unredeemed, with the renewal it was meant for
        assertEquals("0", phone.enterPin(checkout, "1234").get("resultCode").asText());
        JsonNode late = api.awaitPayment("unredeemed=true", plan.get("priceKes").asLong(), OUTCOME);
        String receipt = late.get("receipt").asText();
        assertEquals(before, expiresAt(id));

        portal.open("unmatched.html", "unmatched-table");
        WebElement row = portal.rowContaining("unmatched-table", receipt);
        WebElement linkAndRenew = portal.until(ignored -> row.findElements(
                By.cssSelector("[data-testid=link-renew-button]")).stream().findFirst().orElse(null),
                "Link and renew on the payment's row", OUTCOME);
        assertTrue(linkAndRenew.getText().contains(plan.get("name").asText()), linkAndRenew.getText());
        linkAndRenew.click();
        WebElement confirm = portal.visible("link-renew-confirm");
        String question = portal.visible("link-dialog").getText();
        assertTrue(question.contains(receipt) && question.contains(subscriber.get("name").asText())
                && question.contains("renew on " + plan.get("name").asText()), question);
        portal.screenshot("unmatched-link-and-renew");
        confirm.click();

        portal.awaitNoRow("unmatched-table", receipt);
        Instant expected = before.atZone(NAIROBI).plus(Period.parse(plan.get("period").asText())).toInstant();
        String linked = "linked to " + subscriber.get("name").asText() + " and renewed";
        portal.until(ignored -> portal.browser().findElement(By.id("status")).getText().contains(linked)
                ? Boolean.TRUE : null, "the status line to say " + linked, OperatorPortal.WAIT);
        assertEquals(expected, expiresAt(id));
        JsonNode payment = api.awaitPayment("subscriberId=" + id, plan.get("priceKes").asLong(), OUTCOME);
        assertEquals(receipt, payment.get("receipt").asText());
    }

    @Test
    void theBillingSystemDownAfterPaymentSaysSoThenTryAgainRenews() throws Exception {
        JsonNode subscriber = subscriberWithTimeLeft();
        String id = subscriber.get("id").asText();
        String name = subscriber.get("name").asText();
        JsonNode plan = plan(subscriber.get("planId").asText());
        Instant before = Instant.parse(subscriber.get("expiresAt").asText());
        openSubscriber(id);
        openRenewDialog();
        chooseMethod(STK_PUSH);
        portal.visible("renew-confirm").click();
        String checkout = phone.awaitOpenPrompt(msisdn(subscriber.get("phone").asText()), OUTCOME);

        try {
            // the demo host (the billing system) goes away while the customer pays
            karaf.console("bundle:stop io.stkpush.demo.host");
            assertEquals("0", phone.enterPin(checkout, "1234").get("resultCode").asText());
            // while the host is asked again the dialog says so (a few seconds: a picture when it is caught)
            String seen = portal.until(ignored -> portal.dialogShows("outcome-renewal-failed") ? "failed"
                    : portal.dialogShows("renewing") && portal.inDialog("renewing-state").getText()
                            .contains("Trying again") ? "renewing" : null, "the renewal tried again", OUTCOME);
            if (seen.equals("renewing")) {
                portal.screenshot("renewal-renewing");
            }
            String message = portal.awaitOutcome("outcome-renewal-failed", OUTCOME);
            assertTrue(message.contains("did not renew"), message);
            assertFalse(portal.inDialog("outcome-renewal-failed").findElements(By.cssSelector("[data-testid=retry]"))
                    .stream().anyMatch(WebElement::isDisplayed), "no Retry: the customer has paid");
            portal.screenshot("renewal-failed");
        } finally {
            karaf.console("bundle:start io.stkpush.demo.host");
        }
        api.awaitReady(List.of("/portal/unmatched.html", "/portal/api/plans", "/stkpush/api/subscribers/" + id),
                Duration.ofSeconds(60));
        assertEquals(before, expiresAt(id));

        portal.open("unmatched.html", "failed-renewals-table");
        WebElement row = portal.rowContaining("failed-renewals-table", name);
        assertTrue(row.getText().contains("did not renew"), row.getText());
        portal.js("arguments[0].scrollIntoView({block: 'center'});", row);
        portal.screenshot("unmatched-failed-renewals");
        row.findElement(By.cssSelector("[data-testid=renewal-retry-button]")).click();

        portal.awaitNoRow("failed-renewals-table", name);
        portal.until(ignored -> portal.browser().findElement(By.id("status")).getText().contains(name + " renewed")
                ? Boolean.TRUE : null, "the status line to say renewed", OperatorPortal.WAIT);
        Instant expected = before.atZone(NAIROBI).plus(Period.parse(plan.get("period").asText())).toInstant();
        assertEquals(expected, expiresAt(id));
        JsonNode renewals = api.get("/stkpush/api/renewals?subscriberId=" + id + "&limit=10");
        assertEquals(1, renewals.size(), renewals.toString());
        assertEquals("APPLIED", renewals.get(0).get("state").asText());
    }

    @Test
    void keyboardOnly() throws Exception {
        JsonNode subscriber = subscriberWithTimeLeft();
        String id = subscriber.get("id").asText();
        JsonNode plan = plan(subscriber.get("planId").asText());
        Instant before = Instant.parse(subscriber.get("expiresAt").asText());
        openSubscriber(id);

        for (int i = 0; i < 30 && !"renew-open".equals(portal.focusedTestId()); i++) {
            portal.press(Keys.TAB);
        }
        assertEquals("renew-open", portal.focusedTestId());
        portal.press(Keys.ENTER);
        // the current plan has the focus; Tab goes on to the payment method, the arrow keys choose it
        portal.until(ignored -> Boolean.TRUE.equals(portal.js("const a = document.activeElement;"
                + " return a && a.name === 'renew-plan' && a.checked && a.value === arguments[0];",
                plan.get("id").asText())) ? Boolean.TRUE : null, "the focus on the current plan", OperatorPortal.WAIT);
        portal.press(Keys.TAB);
        assertEquals("cash", portal.js("return document.activeElement.value;"));
        portal.press(Keys.ARROW_DOWN);
        assertEquals(STK_PUSH, portal.js("return document.activeElement.value;"));
        portal.press(Keys.TAB);
        assertEquals("renew-phone", portal.focusedTestId());
        portal.press(Keys.END);
        for (int i = 0; i < 16; i++) {
            portal.press(Keys.BACK_SPACE);
        }
        // a number cut short is said next to the field, which keeps the focus
        portal.press("0712", Keys.ENTER);
        String error = portal.visible("renew-phone-error").getText();
        assertTrue(error.contains("0712345678"), error);
        assertEquals("true", portal.visible("renew-phone").getAttribute("aria-invalid"));
        assertEquals("renew-phone", portal.focusedTestId());
        // ending 00: paid at once
        portal.press("345600", Keys.ENTER);

        portal.awaitOutcome("outcome-renewed", OUTCOME);
        assertTrue(portal.focusInDialog(), "the outcome takes the focus");
        portal.press(Keys.ESCAPE);
        portal.awaitDialogHides("outcome-message");
        portal.awaitFocus("renew-open");
        awaitExpiryShown(before.atZone(NAIROBI).plus(Period.parse(plan.get("period").asText())).toInstant());
    }

    // ---- the page ---------------------------------------------------------------------------------------------

    /** Logs in and opens the subscriber's page, listening to live events, marked to tell a reload. */
    private void openSubscriber(String id) {
        portal.recordSockets();
        portal.logIn();
        portal.open("subscriber.html?id=" + id, "renew-open");
        portal.until(ignored -> expiryShownOrNull(), "the expiry shown", OperatorPortal.WAIT);
        portal.awaitLiveEvents();
        portal.markPage();
    }

    private void openRenewDialog() {
        portal.visible("renew-open").click();
        portal.visible("renew-method-option");
        portal.visible("renew-plan-option");
    }

    private List<String> methodLabels() {
        List<String> labels = new ArrayList<>();
        for (WebElement option : portal.visible("renew-methods")
                .findElements(By.cssSelector("[data-testid=renew-method-option]"))) {
            labels.add(option.getText().strip());
        }
        return labels;
    }

    private void chooseMethod(String methodId) {
        portal.visible("renew-methods").findElement(By.cssSelector(
                "[data-testid=renew-method-option][data-method-id='" + methodId + "']")).click();
    }

    private String chosenPlan() {
        for (WebElement option : portal.visible("renew-plans")
                .findElements(By.cssSelector("[data-testid=renew-plan-option]"))) {
            if (option.findElement(By.cssSelector("input")).isSelected()) {
                return option.getAttribute("data-plan-id");
            }
        }
        return null;
    }

    private Instant expiryShown() {
        return Instant.parse(portal.visible("subscription-expiry").getAttribute("data-expires-at"));
    }

    private Instant expiryShownOrNull() {
        String shown = portal.visible("subscription-expiry").getAttribute("data-expires-at");
        return shown == null || shown.isEmpty() ? null : Instant.parse(shown);
    }

    private void awaitExpiryShown(Instant expected) {
        portal.until(ignored -> expected.equals(expiryShownOrNull()) ? Boolean.TRUE : null,
                "the expiry " + expected + " on the Subscription tab", OUTCOME);
    }

    // ---- the demo host, through the API -------------------------------------------------------------------------

    /**
     * A subscriber with a plan, a virtual phone and at least three days left (so a renewal ends exactly one period
     * after today's expiry), that no other test has taken.
     */
    private static synchronized JsonNode subscriberWithTimeLeft() throws Exception {
        Instant soon = Instant.now().plus(Duration.ofDays(3));
        for (JsonNode s : api.get("/stkpush/api/subscribers?q=&limit=50")) {
            String id = s.get("id").asText();
            boolean virtualPhone = id.compareTo("sub-0015") >= 0; // sub-0001 … sub-0014 follow scripts
            if (virtualPhone && !TAKEN.contains(id) && s.hasNonNull("planId") && s.hasNonNull("expiresAt")
                    && s.hasNonNull("phone") && Instant.parse(s.get("expiresAt").asText()).isAfter(soon)) {
                TAKEN.add(id);
                return s;
            }
        }
        throw new AssertionError("no subscriber with time left is free");
    }

    private static JsonNode plan(String planId) throws Exception {
        for (JsonNode plan : api.get("/stkpush/api/plans")) {
            if (plan.get("id").asText().equals(planId)) {
                return plan;
            }
        }
        throw new AssertionError("no plan " + planId);
    }

    private static JsonNode otherPlan(String planId) throws Exception {
        for (JsonNode plan : api.get("/portal/api/plans")) {
            if (!plan.get("id").asText().equals(planId)) {
                return plan;
            }
        }
        throw new AssertionError("no plan but " + planId);
    }

    private static Instant expiresAt(String id) throws Exception {
        return Instant.parse(api.get("/stkpush/api/subscribers/" + id).get("expiresAt").asText());
    }

    private static void awaitMethods(List<String> ids) throws Exception {
        api.getUntil("/portal/api/payment-methods", methods -> {
            List<String> found = new ArrayList<>();
            methods.forEach(m -> found.add(m.get("id").asText()));
            return found.equals(ids);
        }, Duration.ofSeconds(60));
    }

    private static void awaitRenewalsReady() throws Exception {
        api.awaitReady(List.of("/stkpush/api/plans", "/stkpush/api/renewals?state=FAILED",
                "/portal/api/payment-methods"), Duration.ofSeconds(60));
        awaitMethods(List.of("cash", STK_PUSH));
    }

    /** 0712 345 678 as the dialog fills it in: national digits, no spaces. */
    private static String localPhone(String stored) {
        return "0" + msisdn(stored).substring(3);
    }

    /** The phone as M-Pesa and the virtual phone know it: 2547…. */
    private static String msisdn(String stored) {
        String digits = stored.replaceAll("\\D", "");
        return digits.startsWith("0") ? "254" + digits.substring(1) : digits;
    }
}
