package io.stkpush.browser;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.NoSuchShadowRootException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo portal in one browser, logged in as the demo operator: its pages' test ids, and those inside the
 * {@code <stk-push-dialog>}'s shadow root. Every wait has a deadline.
 */
final class OperatorPortal {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final WebDriver browser;
    private final DemoKaraf karaf;

    OperatorPortal(WebDriver browser, DemoKaraf karaf) {
        this.browser = browser;
        this.karaf = karaf;
        // the size the README's screenshots are taken at
        browser.manage().window().setSize(new Dimension(1100, 800));
    }

    WebDriver browser() {
        return browser;
    }

    /**
     * Logs in through the host's HTTP Basic challenge, then opens the Payments page. Chromium keeps the
     * credentials for the realm; the page is opened again without them in its address, since {@code fetch} refuses
     * URLs with credentials, and relative ones inherit them from the page.
     */
    void logIn() {
        browser.get(karaf.url("/portal/payments.html").replace("://", "://operator:operator@"));
        open("payments.html", "payments-table");
    }

    /** Opens a demo page, e.g. {@code "unmatched.html"}, and waits for one of its test ids. */
    void open(String page, String testId) {
        browser.get(karaf.url("/portal/" + page));
        visible(testId);
    }

    /**
     * Keeps every WebSocket the pages open in {@code window.stkpushSockets}, from the next page load on, so a test
     * can wait until the page listens before it makes a payment.
     */
    void recordSockets() {
        beforeEachPage(false);
    }

    /** As {@link #recordSockets()}, and the pages never hear a message: live events delayed for ever. */
    void dropLiveEvents() {
        beforeEachPage(true);
    }

    private void beforeEachPage(boolean dropMessages) {
        String deaf = " Object.defineProperty(Recorded.prototype, 'onmessage', {get() { return null; }, set(f) {}});"
                + " Recorded.prototype.addEventListener = function (type, ...rest) {"
                + "   if (type !== 'message') { Native.prototype.addEventListener.call(this, type, ...rest); } };";
        String script = "(() => {"
                + " const Native = window.WebSocket; const sockets = window.stkpushSockets = [];"
                + " class Recorded extends Native { constructor(...a) { super(...a); sockets.push(this); } }"
                + (dropMessages ? deaf : "")
                + " window.WebSocket = Recorded; })();";
        ((HasCdp) browser).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
    }

    /** Waits until the page has an open event socket (see {@link #recordSockets()}). */
    void awaitLiveEvents() {
        await(ignored -> Boolean.TRUE.equals(js("return (window.stkpushSockets || []).some("
                + "s => s.readyState === 1 && s.url.includes('/stkpush/events'));")) ? Boolean.TRUE : null,
                "the page's event socket to open");
    }

    /** Marks the page so {@link #wasNotReloaded()} can tell it was not loaded again. */
    void markPage() {
        js("window.stkpushTestMark = true;");
    }

    boolean wasNotReloaded() {
        return Boolean.TRUE.equals(js("return window.stkpushTestMark === true;"));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** A page element by test id, once visible. */
    WebElement visible(String testId) {
        return await(ignored -> displayed(browser, testId), testId);
    }

    /** A page element whose text contains {@code text}, under a page element by test id. */
    WebElement rowContaining(String tableTestId, String text) {
        return await(ignored -> {
            WebElement table = displayed(browser, tableTestId);
            if (table == null) {
                return null;
            }
            for (WebElement row : table.findElements(By.cssSelector("tr"))) {
                if (row.getText().contains(text)) {
                    return row;
                }
            }
            return null;
        }, "a row with " + text + " in " + tableTestId);
    }

    /** Waits until no row of the page's table contains {@code text}. */
    void awaitNoRow(String tableTestId, String text) {
        await(ignored -> noRowContains(tableTestId, text) ? Boolean.TRUE : null, "no row with " + text);
    }

    /** Whether no row of the page's table contains {@code text} right now. */
    boolean noRowContains(String tableTestId, String text) {
        WebElement table = displayed(browser, tableTestId);
        return table != null && table.findElements(By.cssSelector("tr")).stream()
                .noneMatch(row -> row.getText().contains(text));
    }

    /** Opens the dialog with the page's STK Push button and waits for its subscriber search. */
    void openDialog() {
        visible("stk-push-open").click();
        inDialog("subscriber-search");
    }

    /** An element inside the dialog's shadow root by test id, once visible. */
    WebElement inDialog(String testId) {
        return await(ignored -> displayed(dialogRoot(), testId), "dialog's " + testId);
    }

    /** Waits until the dialog shows nothing with this test id. */
    void awaitDialogHides(String testId) {
        await(ignored -> displayed(dialogRoot(), testId) == null ? Boolean.TRUE : null,
                "dialog's " + testId + " to go");
    }

    /** Types into the subscriber search and picks the first option whose text contains {@code pick}. */
    void selectSubscriber(String query, String pick) {
        WebElement search = inDialog("subscriber-search");
        search.clear();
        search.sendKeys(query);
        option(pick).click();
    }

    /** The dialog's subscriber option containing {@code text}, once shown. */
    WebElement option(String text) {
        return await(ignored -> {
            SearchContext root = dialogRoot();
            if (root == null) {
                return null;
            }
            for (WebElement option : root.findElements(By.cssSelector("[data-testid=subscriber-option]"))) {
                if (option.isDisplayed() && option.getText().contains(text)) {
                    return option;
                }
            }
            return null;
        }, "a subscriber option with " + text);
    }

    /** Fills the phone (when given) and the amount in. */
    void fill(String phone, long amount) {
        if (phone != null) {
            replace(inDialog("phone-input"), phone);
        }
        replace(inDialog("amount-input"), Long.toString(amount));
    }

    /** Closes the dialog as an operator would with the keyboard, and waits until it is gone. */
    void closeDialog() {
        press(Keys.ESCAPE);
        awaitDialogHides("outcome-message");
    }

    /** Waits for the dialog's outcome (e.g. {@code outcome-confirmed}) and returns its message's text. */
    String awaitOutcome(String outcomeTestId, Duration within) {
        await(ignored -> displayed(dialogRoot(), outcomeTestId), "dialog's " + outcomeTestId, within);
        return inDialog("outcome-message").getText();
    }

    /**
     * Waits until the dialog's field ({@code phone} or {@code amount}) is marked invalid and shows its message;
     * returns the message.
     */
    String awaitFieldError(String field) {
        return await(ignored -> {
            WebElement input = displayed(dialogRoot(), field + "-input");
            WebElement error = displayed(dialogRoot(), field + "-error");
            return input != null && "true".equals(input.getAttribute("aria-invalid")) && error != null
                    && !error.getText().isBlank() ? error.getText() : null;
        }, "the " + field + " to be told invalid");
    }

    /** Waits until the dialog's field shows no error. */
    void awaitFieldValid(String field) {
        await(ignored -> {
            WebElement input = displayed(dialogRoot(), field + "-input");
            return input != null && input.getAttribute("aria-invalid") == null
                    && displayed(dialogRoot(), field + "-error") == null ? Boolean.TRUE : null;
        }, "the " + field + " to be valid");
    }

    /** The test id of the focused element, looking into shadow roots; null when it has none. */
    String focusedTestId() {
        return (String) js("let a = document.activeElement;"
                + " while (a && a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement; }"
                + " return a ? a.getAttribute('data-testid') : null;");
    }

    /** Whether the focus is inside the dialog's shadow root. */
    boolean focusInDialog() {
        return Boolean.TRUE.equals(js("const host = document.querySelector('stk-push-dialog');"
                + " return document.activeElement === host && host.shadowRoot.activeElement !== null;"));
    }

    /** Presses keys on whatever has the focus, as a keyboard does. */
    void press(CharSequence... keys) {
        new Actions(browser).sendKeys(keys).perform();
    }

    /** Waits until the element with this test id (page or dialog) has the focus. */
    void awaitFocus(String testId) {
        await(ignored -> testId.equals(focusedTestId()) ? Boolean.TRUE : null, "the focus on " + testId);
    }

    /** Whether the dialog shows an element with this test id right now. */
    boolean dialogShows(String testId) {
        return displayed(dialogRoot(), testId) != null;
    }

    /** Waits until {@code condition} answers something other than null or false, and returns that. */
    <T> T until(ExpectedCondition<T> condition, String what, Duration within) {
        return await(condition, what, within);
    }

    static void replace(WebElement input, String text) {
        input.clear();
        input.sendKeys(text);
    }

    void screenshot(String name) throws Exception {
        Chromium.screenshot(browser, name);
    }

    private SearchContext dialogRoot() {
        List<WebElement> hosts = browser.findElements(By.cssSelector("stk-push-dialog"));
        try {
            return hosts.isEmpty() ? null : hosts.get(0).getShadowRoot();
        } catch (NoSuchShadowRootException e) {
            return null; // the element is there before its module has defined it
        }
    }

    private static WebElement displayed(SearchContext root, String testId) {
        if (root == null) {
            return null;
        }
        for (WebElement e : root.findElements(By.cssSelector("[data-testid='" + testId + "']"))) {
            if (e.isDisplayed()) {
                return e;
            }
        }
        return null;
    }

    private <T> T await(ExpectedCondition<T> condition, String what) {
        return await(condition, what, WAIT);
    }

    private <T> T await(ExpectedCondition<T> condition, String what, Duration within) {
        return new WebDriverWait(browser, within).withMessage("waiting for " + what)
                .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class)
                .until(condition);
    }
}
