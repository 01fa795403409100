package io.stkpush.daraja.simulator.internal;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated M-Pesa: access tokens, STK prompts and their scripted or human outcomes, C2B URL registrations
 * and payments. Plain Java behind the JAX-RS resources ({@link SimulatorSetup} creates and publishes it); time
 * comes from the clock and delays from the scheduler, so tests run in milliseconds.
 *
 * <p>Threads stay few however many prompts are open: the scheduler only times outcomes and callbacks (a pending
 * prompt is an entry in its queue, not a thread), and notifications are POSTed by a bounded pool, so a slow or
 * unreachable callback URL makes deliveries queue, never threads pile up.
 */
public class MpesaSandbox {

    private static final Logger LOG = LoggerFactory.getLogger(MpesaSandbox.class);

    /** Daraja's per-transaction maximum; above it a push is accepted and then declined with ResultCode 3. */
    static final long MAXIMUM_AMOUNT = 250_000;
    /**
     * Finished prompts stay queryable; the oldest are forgotten beyond this many. A 10-minute peak of 14 pushes a
     * second is 8,400 prompts, all still queryable at its end.
     */
    private static final int PROMPTS_KEPT = 20_000;
    /** Timing only: due outcomes and callbacks are handed on at once. */
    private static final int SCHEDULER_THREADS = 2;
    /** Concurrent notification POSTs; more wait in the pool's queue. */
    static final int DELIVERY_THREADS = 16;

    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Executor deliveries;
    private final boolean ownsThreads;
    private final CallbackSender sender;
    private final AccessTokens tokens;
    private final SimulatorLedger ledger = new SimulatorLedger();
    private final Gateway gateway;
    private final Subscribers subscribers = new Subscribers();
    private volatile SimulatorSettings settings;

    // all guarded by this
    private final Map<String, Prompt> prompts = new LinkedHashMap<>();
    /** Each phone's latest prompt, the only one that can still be open: an open prompt refuses the next push. */
    private final Map<Msisdn, Prompt> latestByPhone = new HashMap<>();
    private final Map<String, C2bRegistration> c2bByShortCode = new LinkedHashMap<>();
    private final Map<String, BigDecimal> balances = new HashMap<>();

    /** The real thing: system clock, its own scheduler and delivery threads, HTTP callbacks. */
    MpesaSandbox(SimulatorSettings settings) {
        this(settings, new HttpCallbackSender());
    }

    /** Its own threads, as in Karaf, with another way to deliver (tests count threads with it). */
    MpesaSandbox(SimulatorSettings settings, CallbackSender sender) {
        this(settings, Clock.systemUTC(), newScheduler(), newDeliveryPool(), sender, true);
    }

    /** Tests: {@code scheduler} times outcomes and also runs the deliveries, so firing and draining it is enough. */
    MpesaSandbox(SimulatorSettings settings, Clock clock, ScheduledExecutorService scheduler, CallbackSender sender) {
        this(settings, clock, scheduler, scheduler, sender, false);
    }

    private MpesaSandbox(SimulatorSettings settings, Clock clock, ScheduledExecutorService scheduler,
            Executor deliveries, CallbackSender sender, boolean ownsThreads) {
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.deliveries = deliveries;
        this.sender = sender;
        this.ownsThreads = ownsThreads;
        this.tokens = new AccessTokens(clock);
        this.gateway = new Gateway(clock, ledger, () -> this.settings.faults());
    }

    /** Applies to what happens next; outcomes already scheduled keep their time. */
    void configure(SimulatorSettings newSettings) {
        this.settings = newSettings;
    }

    SimulatorSettings settings() {
        return settings;
    }

    /** Counts calls, spike arrest, faults: every Daraja call goes through it. */
    Gateway gateway() {
        return gateway;
    }

    SimulatorLedger ledger() {
        return ledger;
    }

    /**
     * {@code DELETE /daraja-sim/ledger}: a clean record, and the fault and subscriber draws start again from their
     * seeds.
     */
    void clearLedger() {
        ledger.clear();
        gateway.restart();
        subscribers.restart();
    }

    void stop() {
        if (ownsThreads) {
            scheduler.shutdownNow();
            ((ExecutorService) deliveries).shutdownNow();
        }
    }

    // ---- OAuth

    /** {@code GET /oauth/v1/generate}: Basic auth in, {@code {"access_token","expires_in":"3599"}} out. */
    ObjectNode issueToken(String grantType, String authorization) {
        if (!"client_credentials".equals(grantType)) {
            throw DarajaError.invalidGrantType();
        }
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw DarajaError.invalidAuthenticationType();
        }
        String[] keyAndSecret = consumerCredentials(authorization.substring(6).trim());
        SimulatorSettings s = settings;
        if (!s.anyConsumerAccepted() && !(same(keyAndSecret[0], s.consumerKey())
                & same(keyAndSecret[1], s.consumerSecret()))) {
            LOG.info("OAuth refused: wrong consumer key or secret");
            throw DarajaError.wrongConsumerCredentials();
        }
        String token = tokens.issue(keyAndSecret[0], s.tokenLifetime(), s.invalidatePreviousToken());
        ledger.tokenIssued();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("access_token", token);
        // a string, as the real API answers (its docs show a number)
        answer.put("expires_in", String.valueOf(s.tokenLifetime().toSeconds() - 1));
        return answer;
    }

    /** Every M-Pesa API call needs a live bearer token. */
    void authorize(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw DarajaError.invalidAuthenticationHeader();
        }
        if (!tokens.valid(authorization.substring(7).trim())) {
            throw DarajaError.invalidAccessToken();
        }
    }

    private static String[] consumerCredentials(String basic) {
        try {
            String decoded = new String(Base64.getDecoder().decode(basic), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw DarajaError.wrongConsumerCredentials();
            }
            return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            throw DarajaError.wrongConsumerCredentials();
        }
    }

    // ---- STK push and query

    /**
     * {@code processrequest} after field validation. Returns the accepted prompt; for scenario 07 its callback has
     * already been delivered when this returns.
     */
    Prompt push(StkPushRequest request) {
        SimulatorSettings s = settings;
        Scenario scripted = Scenario.of(request.phoneNumber());
        Scenario scenario = s.subscribers().mode().answers(scripted) ? Scenario.REALISTIC : scripted;
        if (scenario == Scenario.INVALID_PHONE_NUMBER) {
            throw DarajaError.invalid("PhoneNumber");
        }
        checkMerchant(request.businessShortCode(), request.password(), request.timestamp());
        if (scenario == Scenario.SYSTEM_BUSY) {
            throw DarajaError.systemBusy();
        }
        if (scenario == Scenario.SUBSCRIBER_BUSY) {
            throw DarajaError.subscriberLocked();
        }
        Prompt prompt;
        Subscribers.Decision decision = null;
        synchronized (this) {
            if (hasOpenPrompt(request.phoneNumber())) {
                LOG.info("STK push to {} refused: a prompt is already open", request.phoneNumber());
                throw DarajaError.subscriberLocked();
            }
            int callbacks = scenario.callbacks();
            Duration callbackDelay = Duration.ZERO;
            if (scenario == Scenario.REALISTIC) {
                // drawn here, once the prompt is sure to go out, so a seeded sequence follows the prompts
                decision = subscribers.decide(s.subscribers(), s.promptLifetime());
                callbacks = decision.callbackLost() ? 0 : 1;
                callbackDelay = decision.callbackAfter();
            }
            Instant now = clock.instant();
            prompt = new Prompt(DarajaIds.merchantRequestId(), newCheckoutRequestId(now, request.phoneNumber()),
                    request, scenario, s.businessName(), now, now.plus(s.promptLifetime()), callbacks, callbackDelay);
            prompts.put(prompt.checkoutRequestId(), prompt);
            latestByPhone.put(prompt.phone(), prompt);
            ledger.prompt(prompt);
            forgetOldPrompts();
        }
        LOG.info("STK push {} to {} for KES {}: {}", prompt.checkoutRequestId(), request.phoneNumber(),
                request.amount(), scenario);
        // a virtual phone nobody answers expires like scenario 04
        Outcome end = scenario.outcome() != null ? scenario.outcome() : Outcome.NO_RESPONSE;
        switch (scenario) {
            case CALLBACK_BEFORE_RESPONSE -> finish(prompt, end, true);
            case REALISTIC -> later(decision.answerAfter(), prompt, decision.outcome());
            case NO_RESPONSE, VIRTUAL_PHONE -> later(s.promptLifetime(), prompt, end);
            case LATE_SUCCESS, ANSWER_LOST -> later(s.lateSuccessDelay(), prompt, end);
            default -> later(s.successDelay(), prompt, end);
        }
        return prompt;
    }

    /** {@code stkpushquery}: the 4999 answer while pending (or the legacy HTTP 500 in scenario 11). */
    ObjectNode query(StkQueryRequest request) {
        checkMerchant(request.businessShortCode(), request.password(), request.timestamp());
        Prompt prompt;
        synchronized (this) {
            prompt = prompts.get(request.checkoutRequestId());
        }
        if (prompt == null) {
            // what real Daraja is reported to answer for an id it never issued
            throw DarajaError.beingProcessed(DarajaIds.requestId());
        }
        prompt.queried(clock.instant());
        if (prompt.pending() && prompt.scenario() == Scenario.LEGACY_PENDING_QUERY) {
            throw DarajaError.beingProcessed(prompt.checkoutRequestId());
        }
        return prompt.queryAnswer();
    }

    private void checkMerchant(String shortCode, String password, String timestamp) {
        SimulatorSettings s = settings;
        if (!shortCode.equals(s.shortCode())) {
            throw DarajaError.merchant("Merchant does not exist");
        }
        String expected = Base64.getEncoder()
                .encodeToString((shortCode + s.passkey() + timestamp).getBytes(StandardCharsets.UTF_8));
        if (!same(password, expected)) {
            throw DarajaError.merchant("Wrong credentials");
        }
    }

    private String newCheckoutRequestId(Instant now, Msisdn phone) {
        ZonedDateTime at = now.atZone(DarajaIds.EAT);
        String id = DarajaIds.checkoutRequestId(at, phone);
        while (prompts.containsKey(id)) { // same phone within the same millisecond: move on a millisecond
            at = at.plusNanos(1_000_000);
            id = DarajaIds.checkoutRequestId(at, phone);
        }
        return id;
    }

    /**
     * Read from the prompt itself, so a prompt counts as open exactly until it ends. A push is refused while the
     * phone's prompt is open, so only its latest can be; only ended prompts are forgotten.
     */
    private boolean hasOpenPrompt(Msisdn phone) {
        Prompt latest = latestByPhone.get(phone);
        return latest != null && latest.pending();
    }

    private void forgetOldPrompts() {
        Iterator<Prompt> oldestFirst = prompts.values().iterator();
        while (prompts.size() > PROMPTS_KEPT && oldestFirst.hasNext()) {
            Prompt old = oldestFirst.next();
            if (!old.pending()) {
                oldestFirst.remove();
                latestByPhone.remove(old.phone(), old);
            }
        }
    }

    // ---- the virtual phone

    /** Prompts a person answers (not scripted), open now, for numbers ending in {@code digits} (null: all). */
    synchronized List<Prompt> openPrompts(String digits) {
        return select(p -> p.pending() && !p.scenario().scripted(), digits);
    }

    /** Every prompt that ended since {@code since}, newest first. */
    synchronized List<Prompt> finishedPrompts(Instant since, String digits) {
        List<Prompt> finished = select(p -> !p.pending() && !p.finishedAt().isBefore(since), digits);
        finished.sort((a, b) -> b.finishedAt().compareTo(a.finishedAt()));
        return finished;
    }

    private List<Prompt> select(Predicate<Prompt> which, String digits) {
        List<Prompt> selected = new ArrayList<>();
        for (Prompt p : prompts.values()) {
            if (which.test(p) && (digits == null || p.phone().value().endsWith(digits))) {
                selected.add(p);
            }
        }
        return selected;
    }

    /** The configured PIN pays; any other PIN ends the prompt with 2001, as M-Pesa does. */
    Prompt enterPin(String checkoutRequestId, String pin) {
        Prompt prompt = answerable(checkoutRequestId);
        finish(prompt, settings.pin().equals(pin) ? Outcome.PAID : Outcome.WRONG_PIN, false);
        return prompt;
    }

    Prompt cancel(String checkoutRequestId) {
        Prompt prompt = answerable(checkoutRequestId);
        finish(prompt, Outcome.CANCELLED, false);
        return prompt;
    }

    private Prompt answerable(String checkoutRequestId) {
        Prompt prompt;
        synchronized (this) {
            prompt = prompts.get(checkoutRequestId);
        }
        if (prompt == null || prompt.scenario().scripted()) {
            throw new NoSuchElementException("no prompt " + checkoutRequestId + " on the virtual phone");
        }
        if (!prompt.pending()) {
            throw new IllegalStateException("the prompt has already ended");
        }
        return prompt;
    }

    Instant now() {
        return clock.instant();
    }

    // ---- outcomes and deliveries

    private void later(Duration delay, Prompt prompt, Outcome outcome) {
        try {
            scheduler.schedule(() -> finish(prompt, outcome, false), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("simulator stopping; {} stays pending", prompt.checkoutRequestId());
        }
    }

    /**
     * Ends the prompt once; then delivers its callback(s), on this thread when {@code deliverNow}, else after the
     * prompt's callback delay. A prompt whose callback is never sent delivers nothing (no C2B confirmation either).
     */
    private void finish(Prompt prompt, Outcome scripted, boolean deliverNow) {
        Outcome outcome = scripted.paid() && prompt.request().amount() > MAXIMUM_AMOUNT
                ? Outcome.ABOVE_MAXIMUM
                : scripted;
        if (!prompt.finish(outcome, outcome.paid() ? DarajaIds.receipt() : null, clock.instant())) {
            return;
        }
        LOG.info("STK {} for {} ended: {} {}", prompt.checkoutRequestId(), prompt.phone(), outcome.resultCode(),
                outcome.callbackDesc());
        if (prompt.callbacks() == 0) {
            LOG.debug("STK {}: its callback is never sent", prompt.checkoutRequestId());
            return;
        }
        Runnable delivery = () -> deliver(prompt);
        if (deliverNow) {
            delivery.run();
        } else if (prompt.callbackDelay().isZero()) {
            execute(delivery);
        } else {
            deliverLater(prompt.callbackDelay(), prompt, delivery);
        }
    }

    /** Once only: a test may fire the scheduled task by hand before it comes due. */
    private void deliverLater(Duration delay, Prompt prompt, Runnable delivery) {
        AtomicBoolean done = new AtomicBoolean();
        try {
            scheduler.schedule(() -> {
                if (done.compareAndSet(false, true)) {
                    execute(delivery);
                }
            }, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("simulator stopping; the callback of {} is dropped", prompt.checkoutRequestId());
        }
    }

    private void deliver(Prompt prompt) {
        String body = json(prompt.callbackBody());
        for (int i = 0; i < prompt.callbacks(); i++) {
            Instant sentAt = clock.instant(); // when the POST went out, however long the URL takes to answer
            boolean delivered = post(prompt.request().callBackUrl(), body,
                    "STK callback for " + prompt.checkoutRequestId()) != null;
            prompt.callbackSent(sentAt, delivered);
        }
        if (prompt.outcome().paid() && prompt.request().paybill() && settings.c2bConfirmsStkPayments()) {
            C2bRegistration registration;
            synchronized (this) {
                registration = c2bByShortCode.get(prompt.request().businessShortCode());
            }
            if (registration != null) {
                C2bPayment payment = new C2bPayment(prompt.receipt(), prompt.finishedAt(), prompt.request().amount(),
                        prompt.request().businessShortCode(), prompt.request().accountReference(), prompt.phone(),
                        "Pay Bill");
                prompt.c2bSent(confirm(registration, payment));
            }
        }
    }

    private void execute(Runnable task) {
        try {
            deliveries.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("simulator stopping; a delivery is dropped");
        }
    }

    /** One attempt; a failure is logged and that is all (Daraja's retries are undocumented). */
    private String post(URI url, String body, String what) {
        try {
            String answer = sender.post(url, body);
            LOG.debug("{} delivered to {}", what, where(url));
            return answer;
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} not delivered to {}: {}", what, where(url), e.toString());
            return null;
        }
    }

    /** Callback paths carry the integrator's secret token: logs show only where they point. */
    static String where(URI url) {
        return url == null ? null : url.getScheme() + "://" + url.getRawAuthority() + "/…";
    }

    // ---- C2B

    /** Re-registering replaces the URLs, as the sandbox allows (production refuses). */
    String registerC2bUrls(C2bRegistration registration) {
        synchronized (this) {
            c2bByShortCode.put(registration.shortCode(), registration);
        }
        LOG.info("C2B {} URLs registered for {}: confirmation {}, validation {}", registration.version(),
                registration.shortCode(), where(registration.confirmationUrl()), where(registration.validationUrl()));
        return DarajaIds.originatorConversationId();
    }

    synchronized List<C2bRegistration> c2bRegistrations() {
        return new ArrayList<>(c2bByShortCode.values());
    }

    synchronized C2bRegistration c2bRegistration(String shortCode) {
        return c2bByShortCode.get(shortCode);
    }

    /**
     * A customer pays the short code: validation (when a validation URL is registered), then confirmation, both
     * after this returns. Without registered URLs nothing is delivered, like the sandbox.
     */
    C2bPayment simulateC2b(C2bSimulation simulation) {
        C2bPayment payment = new C2bPayment(DarajaIds.receipt(), clock.instant(), simulation.amount(),
                simulation.shortCode(), simulation.billRefNumber(), simulation.msisdn(),
                C2bPayment.transactionType(simulation.commandId()));
        C2bRegistration registration = c2bRegistration(simulation.shortCode());
        LOG.info("C2B payment {} of KES {} from {} to {}", payment.transId(), payment.amount(), simulation.msisdn(),
                simulation.shortCode());
        if (registration == null) {
            LOG.warn("C2B payment {}: no URLs registered for {}, nothing delivered", payment.transId(),
                    simulation.shortCode());
            return payment;
        }
        execute(() -> {
            if (validated(registration, payment)) {
                confirm(registration, payment);
            }
        });
        return payment;
    }

    private boolean validated(C2bRegistration registration, C2bPayment payment) {
        if (registration.validationUrl() == null) {
            return true;
        }
        String answer = post(registration.validationUrl(), json(payment.notification(registration, null)),
                "C2B validation of " + payment.transId());
        if (answer == null) {
            // unreachable: the registered ResponseType decides
            return registration.completesWithoutValidation();
        }
        try {
            JsonNode code = RequestBody.JSON.readTree(answer).path("ResultCode");
            boolean accepted = code.asText().equals("0");
            if (!accepted) {
                LOG.info("C2B payment {} rejected by validation: {}", payment.transId(), code.asText());
            }
            return accepted;
        } catch (JsonProcessingException e) {
            return registration.completesWithoutValidation();
        }
    }

    /** @return whether the confirmation URL answered 2xx */
    private boolean confirm(C2bRegistration registration, C2bPayment payment) {
        BigDecimal balance;
        synchronized (this) {
            balance = balances.merge(payment.shortCode(), BigDecimal.valueOf(payment.amount()), BigDecimal::add);
        }
        return post(registration.confirmationUrl(), json(payment.notification(registration, balance)),
                "C2B confirmation of " + payment.transId()) != null;
    }

    // ---- shared

    private static String json(JsonNode node) {
        try {
            return RequestBody.JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree always serialises", e);
        }
    }

    /** Constant time, so a wrong password or secret is not guessed byte by byte. */
    private static boolean same(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static ScheduledExecutorService newScheduler() {
        return new ScheduledThreadPoolExecutor(SCHEDULER_THREADS, threads("daraja-simulator-timer-"));
    }

    /** Bounded threads, unbounded queue: a peak's callbacks wait their turn rather than being dropped. */
    private static ExecutorService newDeliveryPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DELIVERY_THREADS, DELIVERY_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("daraja-simulator-callback-"));
        pool.allowCoreThreadTimeOut(true); // idle, the simulator keeps no delivery threads
        return pool;
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
