package io.stkpush.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The simulator's virtual phone in a real browser, on the demo Karaf: a prompt rings, the tester enters the PIN
 * (or a wrong one, or cancels), and the result reaches the callback URL as Daraja would send it.
 */
class VirtualPhoneIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static DemoKaraf karaf;
    private static CallbackInbox inbox;
    private static SimulatorCalls daraja;
    private WebDriver browser;

    @BeforeAll
    static void startDemo() throws Exception {
        karaf = DemoKaraf.start(Map.of("io.stkpush.daraja.simulator.cfg",
                List.of("successDelay = 200", "promptLifetime = 120000")));
        inbox = new CallbackInbox();
        daraja = new SimulatorCalls(karaf.url("/daraja-sim"));
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (inbox != null) {
            inbox.close();
        }
        if (karaf != null) {
            karaf.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Chromium.start();
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    @Test
    void theRightPinPays() throws Exception {
        String checkout = daraja.stkPush("254712345678", 1500, "ACC-0042", inbox.url("/stk/pin"));
        WebElement prompt = openPrompt("254712345678", checkout);

        assertEquals("Pay KES 1,500 to Demo ISP, account ACC-0042. Enter M-PESA PIN",
                prompt.findElement(By.cssSelector("[data-testid=prompt-text]")).getText());
        Chromium.screenshot(browser, "virtual-phone-prompt");
        prompt.findElement(By.cssSelector("[data-testid=pin-input]")).sendKeys("1234");
        prompt.findElement(By.cssSelector("[data-testid=send-button]")).click();

        assertEquals("0", endedResultCode(checkout));
        Chromium.screenshot(browser, "virtual-phone-paid");
        List<String> callbacks = inbox.await("/stk/pin", 1, WAIT);
        assertEquals(1, callbacks.size());
        assertTrue(callbacks.get(0).contains("\"ResultCode\":0,"), callbacks.get(0));
        assertTrue(callbacks.get(0).contains("\"MpesaReceiptNumber\""), callbacks.get(0));
    }

    @Test
    void aWrongPinFails() throws Exception {
        String checkout = daraja.stkPush("254712345679", 800, "ACC-0043", inbox.url("/stk/wrong-pin"));
        WebElement prompt = openPrompt("254712345679", checkout);

        prompt.findElement(By.cssSelector("[data-testid=pin-input]")).sendKeys("0000");
        prompt.findElement(By.cssSelector("[data-testid=send-button]")).click();

        assertEquals("2001", endedResultCode(checkout));
        assertTrue(inbox.await("/stk/wrong-pin", 1, WAIT).get(0).contains("\"ResultCode\":2001,"));
    }

    @Test
    void cancelOnThePhone() throws Exception {
        String checkout = daraja.stkPush("254712345680", 800, "ACC-0044", inbox.url("/stk/cancel"));
        WebElement prompt = openPrompt("254712345680", checkout);

        prompt.findElement(By.cssSelector("[data-testid=cancel-button]")).click();

        assertEquals("1032", endedResultCode(checkout));
        assertTrue(inbox.await("/stk/cancel", 1, WAIT).get(0).contains("\"ResultCode\":1032,"));
    }

    @Test
    void aPaybillPaymentFromThePageReachesTheConfirmationUrl() throws Exception {
        daraja.registerC2bUrls(inbox.url("/c2b/confirmation"), inbox.url("/c2b/validation"));
        browser.get(karaf.url("/daraja-sim/phone"));
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("[data-testid=c2b-registrations]"), "174379"));

        type("c2b-account", "ACC-0077");
        type("c2b-amount", "2500");
        type("c2b-msisdn", "254712345681");
        browser.findElement(By.cssSelector("[data-testid=c2b-send-button]")).click();

        WebElement result = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid=c2b-result][data-trans-id]")));
        String transId = result.getAttribute("data-trans-id");
        assertTrue(transId.matches("[A-Z0-9]{10}"), transId);
        List<String> confirmations = inbox.await("/c2b/confirmation", 1, WAIT);
        assertEquals(1, confirmations.size());
        assertTrue(confirmations.get(0).contains("\"TransID\":\"" + transId + "\""), confirmations.get(0));
        assertTrue(confirmations.get(0).contains("\"BillRefNumber\":\"ACC-0077\""), confirmations.get(0));
    }

    private WebElement openPrompt(String msisdn, String checkout) {
        browser.get(karaf.url("/daraja-sim/phone?msisdn=" + msisdn));
        return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-testid='prompt-" + checkout + "'][data-status=OPEN]")));
    }

    private String endedResultCode(String checkout) {
        WebElement ended = new WebDriverWait(browser, WAIT).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("[data-testid='prompt-" + checkout + "'][data-status=ENDED]")));
        return ended.getAttribute("data-result-code");
    }

    private void type(String testId, String text) {
        WebElement input = browser.findElement(By.cssSelector("[data-testid=" + testId + "]"));
        input.clear();
        input.sendKeys(text);
    }
}
