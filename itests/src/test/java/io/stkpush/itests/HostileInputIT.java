package io.stkpush.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.JournalEntry;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushStatus;
import io.stkpush.daraja.ResultCodes;
import io.stkpush.itests.Hostile.Field;

import org.junit.Before;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Hostile input, property-based (issue 11), against the real Karaf booted once: seeded hand-rolled generators
 * ({@link Hostile}; no jqwik) send about {@value Hostile#DEFAULT_TRIES} tries per property over real HTTP, and each try is
 * checked against what must hold whatever was sent:
 * <ol>
 * <li>the operator API (bodies, query strings, path segments): never a 5xx, never a stack trace, class name or SQL in
 * the answer, a 4xx is always {@code {"error","message"}} JSON, and a 4xx records nothing;</li>
 * <li>STK callbacks to a real push's URL with its valid token: a body that is not a valid Daraja callback for that push
 * never settles it and never answers 5xx, and each request is journaled exactly once;</li>
 * <li>C2B confirmations: never a 5xx, a malformed one records no payment, a valid one exactly one;</li>
 * <li>bodies over the limit are refused 413, on every hook and every operator endpoint with a body;</li>
 * <li>a token of push A on push B's URL is refused 404 and settles nothing.</li>
 * </ol>
 * The seed is printed in every failure; replay with {@code -Dstkpush.fuzz.seed=<seed>} ({@code -Dstkpush.fuzz.tries}
 * changes the count). The eight bugs the properties found are fixed; each keeps a {@code bug…} test with its
 * input.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HostileInputIT {


    private static final String API = "/stkpush/api";
    private static final String OPERATOR = "Basic " + Base64.getEncoder()
            .encodeToString("operator:operator".getBytes(StandardCharsets.UTF_8));
    private static final String JSON_TYPE = "application/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 65_536;
    private static final int OPERATOR_MAX_CHARS = 16 * 1024;
    private static final List<String> LEAK_MARKERS = List.of("Exception", "\tat ", "at io.", "at org.", "at java.",
            "org.", "java.", "io.stkpush.", "SELECT", "SQL", "jdbc", "JDBC", "Caused by", ".java:");

    private static boolean settled;
    private static int receiptCounter;

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        long seed = Hostile.seedFromSystem();
        System.out.println("HostileInputIT: seed " + seed + ", " + Hostile.tries() + " tries per property (replay with"
                + " -D" + Hostile.SEED_PROPERTY + "=" + seed + ")");
        return new Option[] {StkpushKaraf.onH2(), StkpushKaraf.darajaAgainstSimulator(),
            // the virtual phone's prompts stay open through the run: no payment arrives unless a test sends it
            editConfigurationFilePut("etc/io.stkpush.daraja.simulator.cfg", "promptLifetime", "600000"),
            editConfigurationFilePut("etc/io.stkpush.callback.cfg", "hmacKey", StkpushKaraf.CALLBACK_KEY),
            editConfigurationFilePut("etc/io.stkpush.callback.cfg", "maxBodyBytes", "" + MAX_BODY_BYTES),
            systemProperty(Hostile.SEED_PROPERTY).value(Long.toString(seed)),
            systemProperty(Hostile.TRIES_PROPERTY).value(Integer.toString(Hostile.tries()))};
    }

    @Before
    public void operatorApiIsUp() throws Exception {
        if (settled) {
            return;
        }
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        OperatorApi api = OperatorApi.demoOperator();
        assertEquals(200, api.getUntil(API + "/subscribers?q=a", r -> r.status() == 200, HealthOnH2IT.BOOT).status());
        assertEquals(200, api.getUntil(API + "/plans", r -> r.status() == 200, HealthOnH2IT.BOOT).status());
        assertEquals(200, api.getUntil(API + "/renewals?limit=1", r -> r.status() == 200, HealthOnH2IT.BOOT)
                .status());
        Http.awaitSettled(List.of(HealthOnH2IT.HEALTH, "/daraja-sim/phone/c2b"), HealthOnH2IT.BOOT);
        settled = true;
    }

    // ---- 1. the operator API ------------------------------------------------------------------------------------

    @Test
    public void p1OperatorApiAnswersHostileBodiesQueriesAndPathsInPlainJsonAndRecordsNothingOnA4xx()
            throws Exception {
        Hostile h = hostile("operator");
        Failures failures = new Failures(h, "operator API");
        Map<String, Integer> containerAnswers = new TreeMap<>();
        for (int i = 0; i < Hostile.tries(); i++) {
            OperatorRequest request = operatorRequest(h);
            Recorded before = recorded();
            RawHttp.Answer answer = request.send();
            Recorded after = recorded();
            String problem = operatorProblem(request, answer, before, after, containerAnswers);
            if (problem != null) {
                OperatorRequest shrunk = shrink(request, problem);
                failures.add(i, problem, request.describe() + (shrunk == request ? ""
                        : "\n    shrunk to: " + shrunk.describe()), answer);
            }
        }
        System.out.println("HostileInputIT: operator API: the container's own 4xx " + containerAnswers);
        failures.assertNone();
    }

    /** A hostile operator request of a random kind. */
    private OperatorRequest operatorRequest(Hostile h) {
        switch (h.nextInt(10)) {
            case 0, 1:
                return bodyRequest(h, API + "/pushes", List.of(new Field("subscriberId", "\"sub-0040\""),
                        new Field("amount", "1500"), new Field("phone", "\"0769579165\"")));
            case 2:
                return bodyRequest(h, API + "/payments/" + h.uuid() + "/link",
                        List.of(new Field("subscriberId", "\"sub-0040\"")));
            case 3:
                return bodyRequest(h, API + "/renewals", List.of(new Field("subscriberId", "\"sub-0039\""),
                        new Field("planId", "\"home-5\"")));
            case 4:
                return bodyRequest(h, API + "/renewals/" + h.uuid() + "/link-and-renew",
                        List.of(new Field("paymentId", Hostile.json(h.uuid()))));
            case 5:
                return queryRequest(h, API + "/payments", List.of(), "subscriberId", "unredeemed", "from", "to",
                        "limit");
            case 6:
                return h.oneOf(
                        () -> queryRequest(h, API + "/subscribers", List.of(), "q", "limit"),
                        () -> queryRequest(h, API + "/pushes", List.of("needsReview=true"), "needsReview", "limit"),
                        () -> queryRequest(h, API + "/renewals", List.of(), "pushId", "subscriberId", "state",
                                "limit"));
            default:
                return pathRequest(h);
        }
    }

    private OperatorRequest bodyRequest(Hostile h, String path, List<Field> base) {
        List<Field> fields = new ArrayList<>(base);
        Set<String> injected = new LinkedHashSet<>();
        String contentType = h.chance(15) ? h.contentType() : JSON_TYPE;
        String what;
        int at = h.nextInt(fields.size());
        switch (h.nextInt(9)) {
            case 0, 1, 2, 3: {
                String value = h.jsonValue();
                injected.add(value);
                fields.set(at, new Field(fields.get(at).name(), value));
                what = "'" + fields.get(at).name() + "' replaced";
                break;
            }
            case 4:
                what = "'" + fields.remove(at).name() + "' removed";
                break;
            case 5: {
                String value = h.jsonValue();
                injected.add(value);
                fields.add(new Field(fields.get(at).name(), value));
                what = "'" + fields.get(at).name() + "' given twice";
                break;
            }
            case 6: {
                String name = h.text();
                String value = h.jsonValue();
                injected.add(name);
                injected.add(value);
                fields.add(h.nextInt(fields.size() + 1), new Field(name, value));
                what = "an unknown field added";
                break;
            }
            default: {
                String body = h.brokenBody(Hostile.object(fields));
                injected.add(body);
                return new OperatorRequest("POST", path, contentType, null, body, injected, false,
                        "a broken body");
            }
        }
        return new OperatorRequest("POST", path, contentType, fields, null, injected, false, what);
    }

    private OperatorRequest queryRequest(Hostile h, String path, List<String> fixed, String... names) {
        List<String> parameters = new ArrayList<>(fixed);
        Set<String> injected = new LinkedHashSet<>();
        int count = 1 + h.nextInt(Math.min(3, names.length));
        for (int i = 0; i < count; i++) {
            String name = h.chance(90) ? h.pick(List.of(names)) : Hostile.encoded(h.text());
            String value = h.queryValue();
            injected.add(decodedOrSelf(value));
            parameters.add(name + "=" + value);
        }
        return new OperatorRequest("GET", path + "?" + String.join("&", parameters), null, null, null, injected,
                true, "query string");
    }

    private OperatorRequest pathRequest(Hostile h) {
        String segment = h.pathSegment();
        Set<String> injected = new LinkedHashSet<>(List.of(decodedOrSelf(segment)));
        String link = Hostile.object(List.of(new Field("subscriberId", "\"sub-0040\"")));
        String linkAndRenew = Hostile.object(List.of(new Field("paymentId", Hostile.json(h.uuid()))));
        String bodyOrNot = h.chance(50) ? null : h.brokenBody("{}");
        return switch (h.nextInt(7)) {
            case 0 -> new OperatorRequest("GET", API + "/pushes/" + segment, null, null, null, injected, true,
                    "push id");
            case 1 -> new OperatorRequest("POST", API + "/pushes/" + segment + "/stop-waiting", JSON_TYPE, null,
                    bodyOrNot, injected, true, "stop waiting");
            case 2 -> new OperatorRequest("GET", API + "/subscribers/" + segment, null, null, null, injected, true,
                    "subscriber id");
            case 3 -> new OperatorRequest("GET", API + "/renewals/" + segment, null, null, null, injected, true,
                    "renewal id");
            case 4 -> new OperatorRequest("POST", API + "/renewals/" + segment + "/retry", JSON_TYPE, null,
                    bodyOrNot, injected, true, "retry a renewal");
            case 5 -> new OperatorRequest("POST", API + "/payments/" + segment + "/link", JSON_TYPE, null, link,
                    injected, true, "payment id");
            default -> new OperatorRequest("POST", API + "/renewals/" + segment + "/link-and-renew", JSON_TYPE,
                    null, linkAndRenew, injected, true, "renewal id to link and renew");
        };
    }

    private static String decodedOrSelf(String encoded) {
        try {
            return java.net.URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return encoded;
        }
    }

    /** What is wrong with this answer, or {@code null}. */
    private String operatorProblem(OperatorRequest request, RawHttp.Answer answer, Recorded before, Recorded after,
            Map<String, Integer> containerAnswers) {
        if (answer.status() < 0) {
            return "no answer";
        }
        if (answer.status() >= 500) {
            return "answered " + answer.status();
        }
        String leak = leak(answer.body(), request.injected());
        if (leak != null) {
            return "the answer shows '" + leak + "'";
        }
        if (answer.status() < 400) {
            return sqlLikeSearchMatched(request, answer);
        }
        if (!before.equals(after)) {
            return "answered " + answer.status() + " but recorded something: " + before + " -> " + after;
        }
        JsonNode error = parse(answer.body());
        if (answer.isJson() && error != null && error.path("error").isTextual()
                && !error.path("message").asText("").isBlank()) {
            return null;
        }
        if (request.routing() && !answer.isJson() && (answer.body().isBlank()
                || answer.body().startsWith("<h1>Bad Message " + answer.status() + "</h1>"))) {
            // no resource matched the hostile path (the JAX-RS runtime's empty 404/405), or Jetty refused the
            // request line itself (400 ambiguous path, 414 URI too long) before any of stkpush ran
            containerAnswers.merge(answer.status() + (answer.body().isBlank() ? " empty" : " Jetty"), 1,
                    Integer::sum);
            return null;
        }
        return "a " + answer.status() + " without the {\"error\",\"message\"} JSON";
    }

    /** A search for SQL-looking text that finds anything suggests the text reached the SQL. */
    private static String sqlLikeSearchMatched(OperatorRequest request, RawHttp.Answer answer) {
        boolean sqlLike = false;
        int query = request.target().indexOf('?');
        for (String parameter : query < 0 ? new String[0] : request.target().substring(query + 1).split("&")) {
            String value = decodedOrSelf(parameter.substring(parameter.indexOf('=') + 1));
            if ((parameter.startsWith("q=") || parameter.startsWith("subscriberId="))
                    && (value.contains("' OR ") || value.contains("--"))) {
                sqlLike = true;
            }
        }
        boolean search = request.target().startsWith(API + "/subscribers?")
                || request.target().startsWith(API + "/payments?");
        JsonNode found = parse(answer.body());
        if (sqlLike && search && found != null && found.isArray() && found.size() > 0) {
            return "an SQL-like search found " + found.size() + " rows";
        }
        return null;
    }

    /** Removes the other fields one at a time while the same problem stays: the smallest body that shows it. */
    private OperatorRequest shrink(OperatorRequest failing, String problem) {
        if (failing.fields() == null) {
            return failing;
        }
        String kind = problem.replaceAll("[0-9]", "");
        OperatorRequest smallest = failing;
        for (int i = smallest.fields().size() - 1; i >= 0 && smallest.fields().size() > 1; i--) {
            List<Field> fewer = new ArrayList<>(smallest.fields());
            fewer.remove(i);
            OperatorRequest candidate = smallest.withFields(fewer);
            Recorded before = recorded();
            RawHttp.Answer answer = candidate.send();
            String again = operatorProblem(candidate, answer, before, recorded(), new TreeMap<>());
            if (again != null && again.replaceAll("[0-9]", "").equals(kind)) {
                smallest = candidate;
            }
        }
        return smallest;
    }

    private record OperatorRequest(String method, String target, String contentType, List<Field> fields,
            String rawBody, Set<String> injected, boolean routing, String what) {

        RawHttp.Answer send() {
            String body = fields != null ? Hostile.object(fields) : rawBody;
            return RawHttp.send(method, target, OPERATOR, body == null ? null : contentType,
                    body == null ? null : body.getBytes(StandardCharsets.UTF_8), false);
        }

        OperatorRequest withFields(List<Field> fewer) {
            return new OperatorRequest(method, target, contentType, fewer, null, injected, routing, what);
        }

        String describe() {
            String body = fields != null ? Hostile.object(fields) : rawBody;
            return method + " " + shown(target) + " (" + what + ")" + (body == null ? ""
                    : "\n    Content-Type: " + contentType + "\n    body: " + shown(body));
        }
    }

    /** What the ledger and the renewals hold, to see that a refused request changed nothing. */
    private record Recorded(int pushes, int payments, long unredeemed, int renewals) {
    }

    private Recorded recorded() {
        PushPayments service = service(PushPayments.class);
        JsonNode renewals = parse(RawHttp.send("GET", API + "/renewals?limit=500", OPERATOR, null, null, false)
                .body());
        return new Recorded(service.recentPushes(null, 1000).size(), allPayments().size(),
                service(LedgerOverview.class).counts().unredeemed(), renewals == null ? -1 : renewals.size());
    }

    // ---- 2. STK callbacks ---------------------------------------------------------------------------------------

    @Test
    public void p2StkCallbacksThatAreNotValidForThePushNeverSettleItAndAreEachJournaledOnce() throws Exception {
        Hostile h = hostile("stk");
        Push push = waitingPush("sub-0041", 1500);
        Push other = waitingPush("sub-0042", 1500);
        String hook = stkHook(push.id());
        Failures failures = new Failures(h, "STK callbacks not valid for the push");
        for (int i = 0; i < Hostile.tries(); i++) {
            StkCase c = invalidStk(h, push, other);
            long mark = lastJournalId();
            RawHttp.Answer answer = RawHttp.send("POST", hook, null, c.contentType(),
                    c.body().getBytes(StandardCharsets.UTF_8), h.chance(10));
            String problem = hookProblem(answer, c.injected());
            if (problem == null) {
                problem = journaledOnce(mark, Channel.STK_CALLBACK, push.id(), false);
            }
            Push now = service(PushPayments.class).find(push.id()).orElseThrow();
            if (problem == null && now.status() != PushStatus.WAITING) {
                problem = "the push is now " + now.status() + " (payment " + now.paymentId() + ")";
            }
            if (problem == null && !paymentsOf(push.id()).isEmpty()) {
                problem = "a payment was recorded for the push: " + paymentsOf(push.id());
            }
            if (problem != null) {
                failures.add(i, problem, c.describe(), answer);
                if (now.status() != PushStatus.WAITING) {
                    break; // the push is spent: later tries would only repeat this
                }
            }
        }
        failures.assertNone();

        // the property could fail: the valid callback, sent now, settles the push with one payment, once
        String receipt = nextReceipt();
        String valid = new Stk(push, receipt).render();
        assertEquals(200, RawHttp.send("POST", hook, null, JSON_TYPE, bytes(valid), false).status());
        assertEquals(200, RawHttp.send("POST", hook, null, JSON_TYPE, bytes(valid), false).status());
        Push paid = service(PushPayments.class).find(push.id()).orElseThrow();
        assertEquals(PushStatus.CONFIRMED, paid.status());
        List<Payment> payments = paymentsOf(push.id());
        assertEquals(payments.toString(), 1, payments.size());
        assertEquals(receipt, payments.get(0).receipt().value());
        stopWaiting(other.id());
    }

    /**
     * Callbacks that are well formed but odd (receipt or phone in strange forms, a date that is not one, a paid
     * amount above any M-Pesa limit, hostile Content-Type, duplicate keys whose last value is valid), each to a fresh
     * push: never a 5xx, journaled once, and consistent — either the push is CONFIRMED with exactly one payment
     * carrying the receipt sent, or it still waits with none.
     */
    @Test
    public void p2bOddButWellFormedStkCallbacksSettleConsistentlyOrNotAtAll() throws Exception {
        Hostile h = hostile("stk-odd");
        List<String> subscribers = List.of("sub-0043", "sub-0044", "sub-0045", "sub-0046");
        Failures failures = new Failures(h, "odd STK callbacks");
        int tries = Math.max(10, Hostile.tries() / 5);
        int settledCount = 0;
        for (int i = 0; i < tries; i++) {
            Push push = waitingPush(subscribers.get(i % subscribers.size()), 1500);
            StkCase c = oddStk(h, push);
            long mark = lastJournalId();
            RawHttp.Answer answer = RawHttp.send("POST", stkHook(push.id()), null, c.contentType(),
                    bytes(c.body()), h.chance(10));
            String problem = hookProblem(answer, c.injected());
            if (problem == null) {
                problem = journaledOnce(mark, Channel.STK_CALLBACK, push.id(), true);
            }
            Push now = service(PushPayments.class).find(push.id()).orElseThrow();
            List<Payment> payments = paymentsOf(push.id());
            if (problem == null) {
                if (now.status() == PushStatus.CONFIRMED) {
                    settledCount++;
                    if (answer.status() != 200) {
                        problem = "settled but answered " + answer.status();
                    } else if (payments.size() != 1) {
                        problem = "CONFIRMED with " + payments.size() + " payments";
                    } else if (c.receipt() != null && !c.receipt().equals(payments.get(0).receipt().value())) {
                        problem = "the payment's receipt is '" + payments.get(0).receipt() + "', sent '"
                                + c.receipt() + "'";
                    }
                } else if (now.status() != PushStatus.WAITING || !payments.isEmpty()) {
                    problem = "now " + now.status() + " with payments " + payments;
                }
            }
            if (problem != null) {
                failures.add(i, problem, c.describe(), answer);
            }
            closePrompt(push);
        }
        System.out.println("HostileInputIT: odd STK callbacks " + tries + ", settled " + settledCount);
        failures.assertNone();
    }

    /** A callback for {@code push} that is not a valid Daraja callback for it, by one mutation. */
    private StkCase invalidStk(Hostile h, Push push, Push other) {
        Stk stk = new Stk(push, nextReceipt());
        Set<String> injected = new LinkedHashSet<>();
        String contentType = h.chance(20) ? h.contentType() : JSON_TYPE;
        String what;
        switch (h.nextInt(11)) {
            case 0: {
                String value = h.oneOf(() -> Hostile.json(other.checkoutRequestId().value()),
                        () -> Hostile.json("ws_CO_" + Math.abs(h.nextLong())), h::jsonValue);
                injected.add(value);
                stk.member("CheckoutRequestID", value);
                what = "CheckoutRequestID = " + shown(value);
                break;
            }
            case 1:
                stk.removeMember("CheckoutRequestID");
                what = "CheckoutRequestID removed";
                break;
            case 2:
                stk.member("CheckoutRequestID", Hostile.json(other.checkoutRequestId().value()));
                stk.member("MerchantRequestID", Hostile.json(other.merchantRequestId().value()));
                what = "another push's CheckoutRequestID and MerchantRequestID";
                break;
            case 3: {
                String value = h.oneOf(h::jsonValue, () -> h.pick(List.of("[]", "{}", "[\"x\"]", "{\"a\":1}")));
                injected.add(value);
                stk.member("MerchantRequestID", value);
                what = "MerchantRequestID = " + shown(value);
                break;
            }
            case 4: {
                String value = h.oneOf(h::jsonValue, () -> h.pick(List.of("0.0", "-0.0", "\"0 0\"", "\"O\"",
                        "\"0x0\"", "\"+0\"", "\"00\"", "true", "false", "\"\"", "\" \"", "1e0", "[0]", "{\"c\":0}",
                        "\"0;\"", "\"0\\u0000\"")));
                if (isFinalResultCode(value)) {
                    value = "\"not-a-code\"";
                }
                injected.add(value);
                stk.member("ResultCode", value);
                what = "ResultCode = " + shown(value);
                break;
            }
            case 5:
                stk.removeMember("ResultCode");
                what = "ResultCode removed";
                break;
            case 6: {
                String value = h.oneOf(h::jsonValue, () -> h.pick(List.of("1500.5", "-1500", "0", "0.00",
                        "\"1500.5\"", "\"-1\"", "\"abc\"", "\"1,500\"", "true", "[1500]", "{\"v\":1500}",
                        "1E+999999999", "1500.0000001", "\"0\"", "\"\"")));
                if (settlesByDesign(value)) {
                    value = "1500.5";
                }
                injected.add(value);
                if (h.chance(20)) {
                    stk.removeItem("Amount");
                    what = "Amount item removed";
                } else if (h.chance(10)) {
                    stk.item("Amount", null);
                    what = "Amount without a Value";
                } else {
                    stk.item("Amount", value);
                    what = "Amount = " + shown(value);
                }
                break;
            }
            case 7: {
                String value = h.pick(List.of("null", "\"\"", "\"  \"", "\"\\t\"", "{}", "[]", "[\"R\"]",
                        "{\"r\":\"R\"}", Hostile.json("A".repeat(65 + h.nextInt(2000)))));
                if (h.chance(30)) {
                    stk.removeItem("MpesaReceiptNumber");
                    what = "MpesaReceiptNumber removed";
                } else {
                    stk.item("MpesaReceiptNumber", value);
                    what = "MpesaReceiptNumber = " + shown(value);
                }
                break;
            }
            case 8: {
                String valid = stk.render();
                String body = h.oneOf(
                        () -> {
                            String broken = h.brokenBody(valid);
                            return broken.startsWith("\uFEFF") ? broken.substring(1) + "}" : broken;
                        },
                        () -> "{\"Body\":" + h.pick(List.of("null", "[]", "\"x\"", "1", "{}", "{\"stkCallback\":"
                                + "null}", "{\"stkCallback\":[]}", "{\"stkCallback\":\"x\"}")) + "}",
                        () -> stk.withMetadata(h.pick(List.of("\"x\"", "42", "[]", "true", "null",
                                "{\"Item\":\"x\"}", "{\"Item\":42}", "{\"Item\":[1,2]}", "{\"Item\":[\"Amount\"]}",
                                "{\"Item\":null}", "{\"Item\":{\"Name\":\"Amount\",\"Value\":1500}}"))));
                injected.add(body);
                return new StkCase(body, contentType, null, injected, "envelope: " + shown(body));
            }
            case 9: {
                // duplicate keys: the last one counts, and it is invalid
                String last = h.pick(List.of("ResultCode", "CheckoutRequestID"));
                String value = last.equals("ResultCode") ? "\"not-a-code\""
                        : Hostile.json(other.checkoutRequestId().value());
                stk.duplicateMember(last, value);
                what = last + " given twice, the last " + value;
                break;
            }
            default: {
                String body = "{\"Body\":" + stk.renderBody() + ",\"Body\":{}}";
                return new StkCase(body, contentType, null, injected, "Body given twice, the last empty");
            }
        }
        return new StkCase(stk.render(), contentType, null, injected, what);
    }

    /** A well-formed callback for {@code push} with one odd part. */
    private StkCase oddStk(Hostile h, Push push) {
        String receipt = nextReceipt();
        Stk stk = new Stk(push, receipt);
        Set<String> injected = new LinkedHashSet<>();
        String contentType = JSON_TYPE;
        String expectedReceipt = receipt;
        String what;
        switch (h.nextInt(8)) {
            case 0: {
                String text = h.text();
                String value = h.oneOf(() -> Hostile.json(text), () -> Hostile.json(receipt + text),
                        () -> Long.toString(Math.abs(h.nextLong())), () -> "true");
                injected.add(value);
                stk.item("MpesaReceiptNumber", value);
                JsonNode node = parse(new String(bytes(value), StandardCharsets.UTF_8));
                expectedReceipt = node == null || node.asText().strip().isEmpty() ? null : node.asText().strip();
                what = "MpesaReceiptNumber = " + shown(value);
                break;
            }
            case 1: {
                String value = h.jsonValue();
                injected.add(value);
                stk.member("ResultDesc", value);
                what = "ResultDesc = " + shown(value);
                break;
            }
            case 2: {
                String value = h.oneOf(h::jsonValue, () -> h.pick(List.of("20261301101500", "\"20260230120000\"",
                        "99999999999999", "0", "-1", "\"yesterday\"")));
                injected.add(value);
                stk.item("TransactionDate", value);
                what = "TransactionDate = " + shown(value);
                break;
            }
            case 3: {
                String value = h.oneOf(h::jsonValue, () -> h.pick(List.of("\"2547 ***** 126\"",
                        Hostile.json("a".repeat(64)), "254708374149.0", "\"+254 708 374 149\"")));
                injected.add(value);
                stk.item("PhoneNumber", value);
                what = "PhoneNumber = " + shown(value);
                break;
            }
            case 4: {
                String value = h.pick(List.of("250001", "1000000", "\"999999999\"", "1500", "\"1500\"",
                        "\" 1500.00 \"", "1.5E3", "9223372036854775807"));
                stk.item("Amount", value);
                what = "Amount = " + value;
                break;
            }
            case 5: {
                contentType = h.contentType();
                what = "Content-Type " + contentType;
                break;
            }
            case 6: {
                String first = h.pick(List.of("ResultCode", "CheckoutRequestID", "Amount"));
                if (first.equals("Amount")) {
                    stk.duplicateItemFirst("Amount", h.pick(List.of("\"abc\"", "0", "-1", "{}")));
                } else {
                    stk.duplicateMemberFirst(first, first.equals("ResultCode") ? "1032" : "\"ws_CO_other\"");
                }
                what = first + " given twice, the first invalid";
                break;
            }
            default: {
                String name = h.text();
                String value = h.jsonValue();
                injected.add(name);
                injected.add(value);
                stk.member(name, value);
                what = "an unknown member " + shown(name) + " = " + shown(value);
                break;
            }
        }
        return new StkCase(stk.render(), contentType, expectedReceipt, injected, what);
    }

    private record StkCase(String body, String contentType, String receipt, Set<String> injected, String what) {

        String describe() {
            return what + "\n    Content-Type: " + contentType + "\n    body: " + shown(body);
        }
    }

    /** Daraja's STK callback, built from parts so one can be changed, removed or repeated. */
    private static final class Stk {

        private final List<Field> members = new ArrayList<>();
        private final List<Field> items = new ArrayList<>();
        private String metadata;

        Stk(Push push, String receipt) {
            members.add(new Field("MerchantRequestID", Hostile.json(push.merchantRequestId().value())));
            members.add(new Field("CheckoutRequestID", Hostile.json(push.checkoutRequestId().value())));
            members.add(new Field("ResultCode", "0"));
            members.add(new Field("ResultDesc", "\"The service request is processed successfully.\""));
            items.add(new Field("Amount", push.amount().shillings() + ".00"));
            items.add(new Field("MpesaReceiptNumber", Hostile.json(receipt)));
            items.add(new Field("Balance", null));
            items.add(new Field("TransactionDate", "20261201101500"));
            items.add(new Field("PhoneNumber", "254769579165"));
        }

        void member(String name, String value) {
            set(members, name, value);
        }

        void removeMember(String name) {
            members.removeIf(f -> f.name().equals(name));
        }

        void duplicateMember(String name, String lastValue) {
            members.add(new Field(name, lastValue));
        }

        void duplicateMemberFirst(String name, String firstValue) {
            members.add(0, new Field(name, firstValue));
        }

        void item(String name, String value) {
            set(items, name, value);
        }

        void removeItem(String name) {
            items.removeIf(f -> f.name().equals(name));
        }

        void duplicateItemFirst(String name, String firstValue) {
            items.add(0, new Field(name, firstValue));
        }

        String withMetadata(String json) {
            metadata = json;
            return render();
        }

        private static void set(List<Field> fields, String name, String value) {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).name().equals(name)) {
                    fields.set(i, new Field(name, value));
                    return;
                }
            }
            fields.add(new Field(name, value));
        }

        String renderBody() {
            List<String> rendered = new ArrayList<>();
            for (Field item : items) {
                rendered.add("{\"Name\":" + Hostile.json(item.name())
                        + (item.value() == null ? "" : ",\"Value\":" + item.value()) + "}");
            }
            List<Field> all = new ArrayList<>(members);
            all.add(new Field("CallbackMetadata", metadata != null ? metadata
                    : "{\"Item\":[" + String.join(",", rendered) + "]}"));
            return "{\"stkCallback\":" + Hostile.object(all) + "}";
        }

        String render() {
            return "{\"Body\":" + renderBody() + "}";
        }
    }

    // ---- 3. C2B confirmations -----------------------------------------------------------------------------------

    @Test
    public void p3C2bConfirmationsMalformedRecordNothingValidRecordExactlyOnce() throws Exception {
        Hostile h = hostile("c2b");
        String hook = "/hooks/daraja/c2b/confirmation/" + token("c2b");
        Failures failures = new Failures(h, "C2B confirmations");
        int malformedCount = 0;
        int recordedCount = 0;
        for (int i = 0; i < Hostile.tries(); i++) {
            String receipt = nextReceipt();
            List<Field> fields = c2bBody(receipt);
            int kind = h.nextInt(10);
            C2bCase c = kind < 6 ? malformedC2b(h, fields) : kind < 9 ? oddC2b(h, fields) : new C2bCase(
                    Hostile.object(fields), JSON_TYPE, Set.of(), "valid", false, true);
            int before = allPayments().size();
            long mark = lastJournalId();
            RawHttp.Answer answer = RawHttp.send("POST", hook, null, c.contentType(), bytes(c.body()),
                    h.chance(10));
            String problem = hookProblem(answer, c.injected());
            if (problem == null) {
                problem = journaledOnce(mark, Channel.C2B_CONFIRMATION, null, !c.malformed());
            }
            List<Payment> withReceipt = paymentsWithReceipt(receipt);
            int after = allPayments().size();
            if (problem == null && c.malformed()) {
                malformedCount++;
                if (!withReceipt.isEmpty() || after != before) {
                    problem = "malformed, yet recorded: " + withReceipt + " (" + before + " -> " + after + ")";
                } else if (answer.status() != 400) {
                    problem = "malformed, answered " + answer.status();
                }
            } else if (problem == null) {
                boolean recorded = withReceipt.size() == 1 && after == before + 1;
                boolean nothing = withReceipt.isEmpty() && after == before;
                if (c.valid() && !(recorded && answer.status() == 200)) {
                    problem = "valid, answered " + answer.status() + ", payments " + before + " -> " + after;
                } else if (!(recorded && answer.status() == 200) && !(nothing && answer.status() == 400)) {
                    problem = "answered " + answer.status() + " with " + withReceipt.size() + " payments for the"
                            + " receipt, " + before + " -> " + after;
                } else if (recorded) {
                    recordedCount++;
                    RawHttp.Answer again = RawHttp.send("POST", hook, null, c.contentType(), bytes(c.body()), false);
                    if (again.status() != 200 || paymentsWithReceipt(receipt).size() != 1
                            || allPayments().size() != after) {
                        problem = "sent again: " + again.status() + ", " + paymentsWithReceipt(receipt).size()
                                + " payments for the receipt";
                    }
                }
            }
            if (problem != null) {
                failures.add(i, problem, c.describe(), answer);
            }
        }
        System.out.println("HostileInputIT: C2B tries " + Hostile.tries() + ": malformed " + malformedCount
                + ", recorded " + recordedCount);
        failures.assertNone();
        assertTrue("some valid confirmations were recorded: " + recordedCount, recordedCount > 0);
    }

    @Test
    public void p3bC2bValidationNeverRecordsAndNeverFails() throws Exception {
        Hostile h = hostile("c2b-validation");
        String hook = "/hooks/daraja/c2b/validation/" + token("c2b");
        Failures failures = new Failures(h, "C2B validations");
        for (int i = 0; i < Math.max(10, Hostile.tries() / 4); i++) {
            List<Field> fields = c2bBody(nextReceipt());
            C2bCase c = h.chance(50) ? malformedC2b(h, fields) : oddC2b(h, fields);
            int before = allPayments().size();
            long mark = lastJournalId();
            RawHttp.Answer answer = RawHttp.send("POST", hook, null, c.contentType(), bytes(c.body()), false);
            String problem = hookProblem(answer, c.injected());
            if (problem == null) {
                problem = journaledOnce(mark, Channel.C2B_VALIDATION, null, true);
            }
            if (problem == null && allPayments().size() != before) {
                problem = "a validation recorded a payment";
            }
            if (problem != null) {
                failures.add(i, problem, c.describe(), answer);
            }
        }
        failures.assertNone();
    }

    private static List<Field> c2bBody(String receipt) {
        return new ArrayList<>(List.of(new Field("TransactionType", "\"Pay Bill\""),
                new Field("TransID", Hostile.json(receipt)), new Field("TransTime", "\"20261201101500\""),
                new Field("TransAmount", "\"1500.00\""), new Field("BusinessShortCode", "\"174379\""),
                new Field("BillRefNumber", "\"ACC-0049\""), new Field("InvoiceNumber", "\"\""),
                new Field("OrgAccountBalance", "\"\""), new Field("ThirdPartyTransID", "\"\""),
                new Field("MSISDN", "\"2547 ***** 693\""), new Field("FirstName", "\"Simon\"")));
    }

    private C2bCase malformedC2b(Hostile h, List<Field> fields) {
        Set<String> injected = new LinkedHashSet<>();
        String contentType = h.chance(20) ? h.contentType() : JSON_TYPE;
        String field;
        String value;
        switch (h.nextInt(7)) {
            case 0:
                field = "TransID";
                value = h.pick(List.of("null", "\"\"", "\"   \"", "{}", "[]", "[\"R\"]",
                        Hostile.json("A".repeat(65 + h.nextInt(2000))), "REMOVE"));
                break;
            case 1:
                field = "TransAmount";
                value = h.pick(List.of("null", "\"\"", "\"abc\"", "\"1500.5\"", "1500.5", "\"-1500\"", "-1", "true",
                        "{}", "[]", "\"1e999999999\"", "\"1,500\"", "\"NaN\"", "\"0.00\"", "0", "REMOVE"));
                break;
            case 2:
                field = "TransTime";
                value = h.pick(List.of("{}", "[]", "true", "1.5", "[20261201101500]"));
                break;
            case 3:
                field = "BillRefNumber";
                value = h.pick(List.of("{}", "[]", "{\"a\":1}", Hostile.json("B".repeat(129 + h.nextInt(500)))));
                break;
            case 4:
                field = "MSISDN";
                value = h.pick(List.of("{}", "[]", "true", "1.5", Hostile.json("7".repeat(129))));
                break;
            case 5: {
                String body = h.brokenBody(Hostile.object(fields));
                if (body.startsWith("\uFEFF") || body.equals("{}")) {
                    body = "{\"TransAmount\":\"1500.00\"}"; // no TransID
                }
                injected.add(body);
                return new C2bCase(body, contentType, injected, "a broken body", true, false);
            }
            default: {
                List<Field> twice = new ArrayList<>(fields);
                twice.add(new Field("TransAmount", "\"abc\""));
                return new C2bCase(Hostile.object(twice), contentType, injected,
                        "TransAmount given twice, the last invalid", true, false);
            }
        }
        injected.add(value);
        List<Field> mutated = new ArrayList<>(fields);
        mutated.removeIf(f -> f.name().equals(field));
        if (!value.equals("REMOVE")) {
            mutated.add(new Field(field, value));
        }
        return new C2bCase(Hostile.object(mutated), contentType, injected, field + " = " + shown(value), true,
                false);
    }

    private C2bCase oddC2b(Hostile h, List<Field> fields) {
        Set<String> injected = new LinkedHashSet<>();
        String contentType = JSON_TYPE;
        List<Field> mutated = new ArrayList<>(fields);
        String what;
        int at = 2 + h.nextInt(mutated.size() - 2); // never TransactionType or TransID: the receipt looked for
        switch (h.nextInt(4)) {
            case 0: {
                String value = h.jsonValue();
                injected.add(value);
                Field old = mutated.get(at);
                mutated.set(at, new Field(old.name(), value));
                what = old.name() + " = " + shown(value);
                break;
            }
            case 1: {
                String name = h.text();
                String value = h.jsonValue();
                injected.add(name);
                injected.add(value);
                mutated.add(new Field(name, value));
                what = "an unknown field " + shown(name) + " = " + shown(value);
                break;
            }
            case 2:
                contentType = h.contentType();
                what = "Content-Type " + contentType;
                break;
            default: {
                Field removed = mutated.remove(at);
                what = removed.name() + " removed";
                break;
            }
        }
        return new C2bCase(Hostile.object(mutated), contentType, injected, what, false, false);
    }

    private record C2bCase(String body, String contentType, Set<String> injected, String what, boolean malformed,
            boolean valid) {

        String describe() {
            return what + "\n    Content-Type: " + contentType + "\n    body: " + shown(body);
        }
    }

    // ---- 4. body limits -----------------------------------------------------------------------------------------

    @Test
    public void p4BodiesOverTheLimitAreRefused413OnEveryHook() throws Exception {
        PushId somePush = PushId.random();
        List<String> hooks = List.of(stkHook(somePush), "/hooks/daraja/c2b/validation/" + token("c2b"),
                "/hooks/daraja/c2b/confirmation/" + token("c2b"));
        List<String> wrong = new ArrayList<>();
        int paymentsBefore = allPayments().size();
        for (String hook : hooks) {
            for (boolean chunked : List.of(false, true)) {
                for (int size : List.of(MAX_BODY_BYTES + 1, 3 * MAX_BODY_BYTES, 1_000_000)) {
                    long mark = lastJournalId();
                    RawHttp.Answer answer = RawHttp.send("POST", hook, null, JSON_TYPE, padded(size), chunked);
                    JsonNode error = parse(answer.body());
                    if (answer.status() != 413 || error == null || !"body_too_large".equals(error.path("error")
                            .asText())) {
                        wrong.add(hook + " " + size + " bytes" + (chunked ? " chunked" : "") + ": "
                                + answer.status() + " " + shown(answer.body()));
                    }
                    List<JournalEntry> journaled = journaledSince(mark);
                    if (journaled.size() != 1 || journaled.get(0).disposition() != Disposition.REJECTED) {
                        wrong.add(hook + " " + size + " bytes: journaled " + journaled);
                    }
                }
            }
            // exactly the limit is read whole: refused for what it says (400), not for its size
            RawHttp.Answer atLimit = RawHttp.send("POST", hook, null, JSON_TYPE, padded(MAX_BODY_BYTES), false);
            if (atLimit.status() == 413 || atLimit.status() >= 500 || atLimit.status() < 0) {
                wrong.add(hook + " at the limit: " + atLimit.status() + " " + shown(atLimit.body()));
            }
        }
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
        assertEquals("nothing recorded", paymentsBefore, allPayments().size());
    }

    @Test
    public void p4bBodiesOverTheLimitAreRefused413OnEveryOperatorEndpointWithABody() throws Exception {
        List<String> endpoints = List.of(API + "/pushes", API + "/payments/" + PushId.random() + "/link");
        List<String> wrong = new ArrayList<>();
        Recorded before = recorded();
        for (String endpoint : endpoints) {
            for (int size : List.of(OPERATOR_MAX_CHARS + 1, 1_000_000)) {
                String body = "{\"subscriberId\":\"sub-0040\",\"amount\":1500,\"pad\":\""
                        + "x".repeat(size) + "\"}";
                RawHttp.Answer answer = RawHttp.send("POST", endpoint, OPERATOR, JSON_TYPE, bytes(body), false);
                JsonNode error = parse(answer.body());
                if (answer.status() != 413 || error == null || !error.path("message").isTextual()) {
                    wrong.add(endpoint + " " + size + " characters: " + answer.status() + " " + shown(answer.body()));
                }
            }
        }
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
        assertEquals(before, recorded());
    }

    /** The renewal endpoints answer an oversized body 400 "The request is too large.", not 413 like the rest. */
    @Test
    public void bugRenewalEndpointsRefuseAnOversizedBody413() throws Exception {
        for (String endpoint : List.of(API + "/renewals", API + "/renewals/" + PushId.random() + "/link-and-renew")) {
            String body = "{\"subscriberId\":\"sub-0039\",\"planId\":\"home-5\",\"pad\":\""
                    + "x".repeat(OPERATOR_MAX_CHARS + 1) + "\"}";
            RawHttp.Answer answer = RawHttp.send("POST", endpoint, OPERATOR, JSON_TYPE, bytes(body), false);
            assertEquals(endpoint + ": " + answer.body(), 413, answer.status());
        }
    }

    // ---- 5. tokens ----------------------------------------------------------------------------------------------

    @Test
    public void p5AnotherPushsTokenIsRefused404AndSettlesNothing() throws Exception {
        Push a = waitingPush("sub-0047", 1500);
        Push b = waitingPush("sub-0048", 1500);
        String validForB = new Stk(b, nextReceipt()).render();
        String bHook = "/hooks/daraja/stk/" + b.id() + "/";
        String bToken = token("stk:" + b.id());
        List<String> forged = List.of(token("stk:" + a.id()), token("c2b"), bToken.toUpperCase(),
                bToken.substring(0, 31), bToken + "0", bToken.substring(1) + bToken.charAt(0), "0".repeat(32),
                bToken + "%20", "%20" + bToken, bToken.substring(0, 16), "");
        List<String> wrong = new ArrayList<>();
        for (String token : forged) {
            long mark = lastJournalId();
            RawHttp.Answer answer = RawHttp.send("POST", bHook + token, null, JSON_TYPE, bytes(validForB), false);
            // an empty token matches no route: the runtime's own 404/405
            if (answer.status() != 404 && !(token.isEmpty() && answer.status() == 405)) {
                wrong.add("token '" + token + "': " + answer.status() + " " + shown(answer.body()));
            }
            if (!token.isEmpty()) {
                List<JournalEntry> journaled = journaledSince(mark);
                if (journaled.size() != 1 || journaled.get(0).disposition() != Disposition.REJECTED) {
                    wrong.add("token '" + token + "': journaled " + journaled);
                }
            }
        }
        // the C2B hooks refuse push tokens the same way
        for (String hook : List.of("/hooks/daraja/c2b/confirmation/", "/hooks/daraja/c2b/validation/")) {
            RawHttp.Answer answer = RawHttp.send("POST", hook + bToken, null, JSON_TYPE,
                    bytes(Hostile.object(c2bBody(nextReceipt()))), false);
            if (answer.status() != 404) {
                wrong.add(hook + " with a push token: " + answer.status());
            }
        }
        assertTrue(String.join("\n", wrong), wrong.isEmpty());
        for (Push p : List.of(a, b)) {
            assertEquals(PushStatus.WAITING, service(PushPayments.class).find(p.id()).orElseThrow().status());
            assertEquals(List.of(), paymentsOf(p.id()));
        }
        // and B's own token settles B: the refusals above were for the token, not the body
        assertEquals(200, RawHttp.send("POST", bHook + bToken, null, JSON_TYPE, bytes(validForB), false).status());
        assertEquals(PushStatus.CONFIRMED, service(PushPayments.class).find(b.id()).orElseThrow().status());
        assertEquals(PushStatus.WAITING, service(PushPayments.class).find(a.id()).orElseThrow().status());
        stopWaiting(a.id());
    }

    // ---- the known bugs, stated as the behaviour wanted -----------------------------------------------------------

    @Test
    public void bugASuccessWithoutCheckoutRequestIdDoesNotSettleAPushThatHasOne() throws Exception {
        for (String value : List.of("REMOVE", "null", "\"\"", "\"  \"")) {
            Push push = waitingPush("sub-0050", 1500);
            Stk stk = new Stk(push, nextReceipt());
            if (value.equals("REMOVE")) {
                stk.removeMember("CheckoutRequestID");
            } else {
                stk.member("CheckoutRequestID", value);
            }
            RawHttp.send("POST", stkHook(push.id()), null, JSON_TYPE, bytes(stk.render()), false);
            Push now = service(PushPayments.class).find(push.id()).orElseThrow();
            closePrompt(push);
            stopWaiting(push.id()); // frees the phone for the next round at once
            assertEquals("CheckoutRequestID " + value, PushStatus.WAITING, now.status());
        }
    }

    @Test
    public void bugASuccessWithAnotherMerchantRequestIdDoesNotSettleThePush() throws Exception {
        Push push = waitingPush("sub-0050", 1500);
        Stk stk = new Stk(push, nextReceipt());
        stk.member("MerchantRequestID", "\"29115-34620561-1\"");
        RawHttp.send("POST", stkHook(push.id()), null, JSON_TYPE, bytes(stk.render()), false);
        Push now = service(PushPayments.class).find(push.id()).orElseThrow();
        closePrompt(push);
        stopWaiting(push.id());
        assertEquals(PushStatus.WAITING, now.status());
    }

    @Test
    public void bugAnUnknownCharsetIsAPlain4xxAndTheHookJournalsIt() throws Exception {
        String type = "application/json; charset=nonsense";
        RawHttp.Answer operator = RawHttp.send("POST", API + "/pushes", OPERATOR, type,
                bytes("{\"subscriberId\":\"sub-0040\",\"amount\":1500}"), false);
        long mark = lastJournalId();
        RawHttp.Answer hook = RawHttp.send("POST", "/hooks/daraja/c2b/confirmation/" + token("c2b"), null, type,
                bytes(Hostile.object(c2bBody(nextReceipt()))), false);
        assertEquals(null, hookProblem(operator, Set.of()));
        assertTrue(operator.body(), operator.status() >= 400 && operator.status() < 500);
        assertEquals(null, hookProblem(hook, Set.of()));
        assertEquals(null, journaledOnce(mark, Channel.C2B_CONFIRMATION, null, true));
    }

    @Test
    public void bugABrokenPercentEscapeInTheQueryIsA400() {
        for (String query : List.of("from=%", "unredeemed=%zz", "limit=a%2")) {
            RawHttp.Answer answer = RawHttp.send("GET", API + "/payments?" + query, OPERATOR, null, null, false);
            assertEquals(query + ": " + answer.body(), 400, answer.status());
            assertEquals(null, leak(answer.body(), Set.of()));
        }
    }

    @Test
    public void bugPaymentDatesTheDatabaseCannotHoldAreA400() {
        for (String query : List.of("from=-999999999-01-01", "to=%2B999999999-12-31",
                "from=-1000000000-01-01T00:00:00Z", "to=%2B1000000000-12-31T23:59:59.999999999Z")) {
            RawHttp.Answer answer = RawHttp.send("GET", API + "/payments?" + query, OPERATOR, null, null, false);
            assertEquals(query + ": " + answer.body(), 400, answer.status());
        }
    }

    @Test
    public void bugAContentTypeListIsAnsweredInJsonAndJournaledOnTheHooks() throws Exception {
        RawHttp.Answer operator = RawHttp.send("POST", API + "/pushes", OPERATOR, "application/json, text/html",
                bytes("{\"subscriberId\":\"NaN\"}"), false);
        assertTrue(operator.status() + " " + operator.body(), operator.isJson() && operator.status() < 500
                && parse(operator.body()) != null && parse(operator.body()).path("message").isTextual());
        long mark = lastJournalId();
        RawHttp.Answer answer = RawHttp.send("POST", "/hooks/daraja/c2b/confirmation/" + token("c2b"), null,
                "application/json, text/html", bytes(Hostile.object(c2bBody(nextReceipt()))), false);
        assertEquals(null, journaledOnce(mark, Channel.C2B_CONFIRMATION, null, true));
        assertTrue(answer.status() + " " + answer.body(), answer.status() == 200 || answer.status() == 400);
    }

    @Test
    public void bugAZeroAmountIsNotRecordedAsAPayment() throws Exception {
        String receipt = nextReceipt();
        List<Field> fields = c2bBody(receipt);
        fields.set(3, new Field("TransAmount", "\"0.00\""));
        RawHttp.Answer answer = RawHttp.send("POST", "/hooks/daraja/c2b/confirmation/" + token("c2b"), null,
                JSON_TYPE, bytes(Hostile.object(fields)), false);
        assertEquals(List.of(), paymentsWithReceipt(receipt));
        assertEquals(answer.body(), 400, answer.status());

        Push push = waitingPush("sub-0049", 1500);
        Stk stk = new Stk(push, nextReceipt());
        stk.item("Amount", "0.00");
        RawHttp.send("POST", stkHook(push.id()), null, JSON_TYPE, bytes(stk.render()), false);
        Push now = service(PushPayments.class).find(push.id()).orElseThrow();
        closePrompt(push);
        assertEquals(PushStatus.WAITING, now.status());
        assertEquals(List.of(), paymentsOf(push.id()));
    }

    // ---- checks shared by the hooks ---------------------------------------------------------------------------------

    /** Never a 5xx, never a stack trace; a refusal is the hooks' JSON or (a wrong token) an empty 404. */
    private static String hookProblem(RawHttp.Answer answer, Set<String> injected) {
        if (answer.status() < 0) {
            return "no answer";
        }
        if (answer.status() >= 500) {
            return "answered " + answer.status();
        }
        String leak = leak(answer.body(), injected);
        if (leak != null) {
            return "the answer shows '" + leak + "'";
        }
        if (answer.status() >= 400 && answer.status() != 404) {
            JsonNode error = parse(answer.body());
            if (!answer.isJson() || error == null || error.path("message").asText("").isBlank()) {
                return "a " + answer.status() + " without the {\"error\",\"message\"} JSON";
            }
        }
        return null;
    }

    /** Exactly one new journal entry on that channel (for that push), not SETTLED unless {@code mayHaveSettled}. */
    private String journaledOnce(long mark, Channel channel, PushId pushId, boolean mayHaveSettled) {
        List<JournalEntry> entries = journaledSince(mark).stream().filter(e -> e.event().channel() == channel
                && (pushId == null || pushId.equals(e.event().pushId()))).toList();
        if (entries.size() != 1) {
            return "journaled " + entries.size() + " times on " + channel + ": " + entries;
        }
        Disposition disposition = entries.get(0).disposition();
        if (disposition == Disposition.RECEIVED) {
            return "journaled but left RECEIVED: " + entries.get(0).note();
        }
        if (!mayHaveSettled && disposition == Disposition.SETTLED) {
            return "journaled as SETTLED: " + entries.get(0).note();
        }
        return null;
    }

    private List<JournalEntry> journaledSince(long mark) {
        return service(ProviderJournal.class).recentJournal(50).stream()
                .filter(e -> e.id() > mark && e.event().channel() != Channel.STATUS_QUERY).toList();
    }

    private long lastJournalId() {
        List<JournalEntry> recent = service(ProviderJournal.class).recentJournal(1);
        return recent.isEmpty() ? 0 : recent.get(0).id();
    }

    /** The first marker of a stack trace, class name or SQL in the answer, once what was sent is taken out. */
    static String leak(String body, Set<String> injected) {
        String rest = body;
        for (String sent : injected) {
            for (String form : forms(sent)) {
                if (form.length() > 2) {
                    rest = rest.replace(form, "");
                }
            }
        }
        for (String marker : LEAK_MARKERS) {
            if (rest.contains(marker)) {
                return marker;
            }
        }
        return null;
    }

    /** What was sent, as the answer may echo it: raw, as a JSON string's content, stripped, escaped. */
    private static Set<String> forms(String sent) {
        Set<String> forms = new LinkedHashSet<>(List.of(sent, sent.strip()));
        JsonNode node = parse(sent);
        if (node != null && node.isTextual()) {
            forms.add(node.asText());
            forms.add(node.asText().strip());
        }
        for (String form : List.copyOf(forms)) {
            String escaped = Hostile.json(form);
            forms.add(escaped.substring(1, escaped.length() - 1));
        }
        return forms;
    }

    // ---- pushes, payments, tokens -------------------------------------------------------------------------------

    /** A push the virtual phone holds open: WAITING, with its checkout and merchant ids. */
    private Push waitingPush(String subscriberId, long amount) throws Exception {
        OperatorApi.Reply sent = OperatorApi.demoOperator().post(API + "/pushes",
                "{\"subscriberId\":\"" + subscriberId + "\",\"amount\":" + amount + "}");
        assertEquals(sent.body(), 202, sent.status());
        Push push = service(PushPayments.class).find(PushId.parse(sent.json().get("pushId").asText())).orElseThrow();
        assertEquals(push.toString(), PushStatus.WAITING, push.status());
        assertNotNull(push.toString(), push.checkoutRequestId());
        assertNotNull(push.toString(), push.merchantRequestId());
        return push;
    }

    /**
     * Cancels the prompt on the simulator's virtual phone, so the phone can be prompted again: a forged callback
     * settles the push here but leaves the simulator's prompt open, and the simulator refuses a second prompt to a
     * phone with one open. Its cancel callback then reaches the push (journaled; the push's first outcome stands).
     */
    private static void closePrompt(Push push) {
        RawHttp.Answer cancelled = RawHttp.send("POST", "/daraja-sim/phone/prompts/"
                + push.checkoutRequestId().value() + "/cancel", null, JSON_TYPE, bytes("{}"), false);
        assertEquals(cancelled.body(), 200, cancelled.status());
    }

    private void stopWaiting(PushId id) throws Exception {
        OperatorApi.Reply stopped = OperatorApi.demoOperator().post(API + "/pushes/" + id + "/stop-waiting", "{}");
        assertEquals(stopped.body(), 200, stopped.status());
    }

    private List<Payment> allPayments() {
        return service(PushPayments.class).payments(new PaymentQuery(null, false, null, null, PaymentQuery.MAX_LIMIT));
    }

    private List<Payment> paymentsOf(PushId pushId) {
        return allPayments().stream().filter(p -> pushId.equals(p.pushId())).toList();
    }

    private List<Payment> paymentsWithReceipt(String receipt) {
        return allPayments().stream().filter(p -> p.receipt() != null && receipt.equals(p.receipt().value()))
                .toList();
    }

    private static synchronized String nextReceipt() {
        receiptCounter++;
        return String.format("HZ%08d", receiptCounter) + Long.toString(System.nanoTime() % 1000, 36).toUpperCase();
    }

    private static String stkHook(PushId pushId) throws Exception {
        return "/hooks/daraja/stk/" + pushId + "/" + token("stk:" + pushId);
    }

    /** The callback URL token: HMAC-SHA256 under the test key, first 32 hex digits (as callback-resource makes it). */
    private static String token(String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(StkpushKaraf.CALLBACK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    // ---- small helpers ------------------------------------------------------------------------------------------

    private static Hostile hostile(String property) {
        return new Hostile(Hostile.seedFromSystem()).fork(property);
    }

    private <T> T service(Class<T> type) {
        ServiceReference<T> reference = context.getServiceReference(type);
        assertNotNull(type.getName() + " is registered", reference);
        return context.getService(reference);
    }

    /** A code that settles: sent as a number or a string, as the callback resource reads it. */
    private static boolean isFinalResultCode(String json) {
        JsonNode node = parse(json);
        if (node == null || !(node.isIntegralNumber() || node.isTextual())) {
            return false;
        }
        return ResultCodes.describe(node.asText().strip()).state()
                == io.stkpush.api.provider.StatusAnswer.State.FINAL;
    }

    /**
     * A whole, positive number of shillings: a valid callback by design (another amount than asked is held
     * unredeemed as amount_mismatch), so not one the "never settles" property may send.
     */
    private static boolean settlesByDesign(String json) {
        JsonNode node = parse(json);
        BigDecimal amount = null;
        try {
            if (node != null && node.isNumber()) {
                amount = node.decimalValue();
            } else if (node != null && node.isTextual() && !node.asText().isBlank()) {
                amount = new BigDecimal(node.asText().strip());
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return amount != null && amount.signum() > 0 && amount.stripTrailingZeros().scale() <= 0
                && amount.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0;
    }

    private static JsonNode parse(String json) {
        try {
            return json == null || json.isBlank() ? null : JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON object of exactly {@code size} bytes. */
    private static byte[] padded(int size) {
        String head = "{\"pad\":\"";
        String tail = "\"}";
        return bytes(head + "x".repeat(size - head.length() - tail.length()) + tail);
    }

    /** Text for a failure message: escapes made visible, long runs cut. */
    static String shown(String text) {
        if (text == null) {
            return "(none)";
        }
        String visible = Hostile.json(text);
        return visible.length() <= 600 ? visible
                : visible.substring(0, 400) + "…(" + visible.length() + " characters)…"
                        + visible.substring(visible.length() - 100);
    }

    /** Failures of one property, each with the seed and the try, reported together at the end. */
    private static final class Failures {

        private final Hostile hostile;
        private final String property;
        private final List<String> found = new ArrayList<>();

        Failures(Hostile hostile, String property) {
            this.hostile = hostile;
            this.property = property;
        }

        void add(int attempt, String problem, String input, RawHttp.Answer answer) {
            found.add("try " + attempt + ": " + problem + "\n    sent: " + input + "\n    answer: " + answer.status()
                    + " " + answer.contentType() + " " + shown(answer.body()));
        }

        void assertNone() {
            assertTrue(property + ": " + found.size() + " failures (replay with -D" + Hostile.SEED_PROPERTY + "="
                    + Hostile.seedFromSystem() + "; this property's own stream " + hostile.seed + ")\n"
                    + String.join("\n", found.subList(0, Math.min(12, found.size()))), found.isEmpty());
        }
    }
}
