package io.stkpush.demo.host.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Filter;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.SubscriberId;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.host.PaymentMethod;
import io.stkpush.host.Plan;
import io.stkpush.host.RenewalResult;
import io.stkpush.host.RenewalService;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;
import io.stkpush.portal.gate.OperatorGate;
import io.stkpush.portal.gate.OperatorLogin;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo portal's own small API, for what only the host knows, used by the Renew / Change Plan dialog:
 * <ul>
 * <li>{@code GET /portal/api/plans}: the host's plans, shaped as stkpush's {@code GET /stkpush/api/plans}, so the
 * dialog lists them also while the renewal extension is not installed;</li>
 * <li>{@code GET /portal/api/payment-methods}: Cash, then every {@link PaymentMethod} registered at this moment
 * ("M-Pesa STK Push" while the {@code stkpush-renewal} feature is installed);</li>
 * <li>{@code POST /portal/api/cash-renewals} {@code {"subscriberId","planId"}}: a renewal paid in cash at the
 * counter, through the host's own {@link RenewalService} under a new payment id.</li>
 * </ul>
 * Like the pages, it is registered only while the {@link PortalLogin} filter is, so nothing here is ever served
 * without a login. Errors are the operator API's {@code {"error","message"}} in plain words.
 */
@Component(service = Servlet.class,
        reference = @Reference(name = "login", service = Filter.class,
                target = "(osgi.http.whiteboard.filter.name=" + PortalLogin.NAME + ")"))
@HttpWhiteboardServletName(PortalApi.NAME)
@HttpWhiteboardServletPattern(PortalApi.ROOT + "/*")
public class PortalApi extends HttpServlet {

    static final String ROOT = PortalPages.ROOT + "/api";

    /** Its own name: Pax Web would otherwise name it after its interface, and skip it as a duplicate. */
    static final String NAME = "stkpush-demo-portal-api";

    /** Cash, the way to pay the demo host always offers; its renewals go to {@link #CASH_RENEWALS}. */
    static final String CASH_ID = "cash";
    static final String CASH_RENEWALS = ROOT + "/cash-renewals";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PortalApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_BYTES = 4096;
    private static final String UNAVAILABLE = "Renewals are not available right now: the billing records are not "
            + "running. Try again in a minute.";

    private final transient OperatorAuthenticator authenticator;
    private final transient RenewalService renewals;
    private final transient SubscriberDirectory subscribers;
    // dynamic: a method appears and disappears with the feature that registers it, without restarting the portal
    private final transient List<PaymentMethod> paymentMethods = new CopyOnWriteArrayList<>();

    /**
     * @param authenticator the host's login service, for the operator's name on a cash renewal (the filter has
     *                      already let only operators through)
     * @param renewals      the host's plans and renewals ({@link DemoBilling}), or {@code null}: then 503
     * @param subscribers   the host's subscribers, or {@code null}: then 503
     */
    @Activate
    public PortalApi(
            @Reference(name = "authenticator", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) OperatorAuthenticator authenticator,
            @Reference(name = "renewals", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) RenewalService renewals,
            @Reference(name = "subscribers", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) SubscriberDirectory subscribers) {
        this.authenticator = authenticator;
        this.renewals = renewals;
        this.subscribers = subscribers;
    }

    @Reference(name = "paymentMethods", service = PaymentMethod.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removePaymentMethod")
    void addPaymentMethod(PaymentMethod method) {
        paymentMethods.add(method);
    }

    void removePaymentMethod(PaymentMethod method) {
        paymentMethods.remove(method);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = String.valueOf(request.getPathInfo());
        switch (path) {
            case "/payment-methods" -> answer(response, 200, paymentMethods());
            case "/plans" -> {
                if (renewals == null) {
                    problem(response, 503, "unavailable", UNAVAILABLE);
                    return;
                }
                try {
                    answer(response, 200, renewals.plans().stream().map(PortalApi::plan).toList());
                } catch (RuntimeException e) {
                    LOG.warn("Could not read the plans: {}", e.toString());
                    problem(response, 503, "unavailable", UNAVAILABLE);
                }
            }
            default -> problem(response, 404, "not_found", "Not found.");
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (OperatorGate.isCrossSite(request.getMethod(), request.getHeader("Origin"), request.getHeader("Host"),
                request.getHeader("Sec-Fetch-Site"))) {
            problem(response, 403, "cross_site", "This request came from another site and was refused.");
            return;
        }
        if (!"/cash-renewals".equals(request.getPathInfo())) {
            problem(response, 404, "not_found", "Not found.");
            return;
        }
        OperatorLogin login = OperatorGate.login(authenticator, OperatorGate.request(request));
        if (login instanceof OperatorLogin.Unavailable unavailable) {
            problem(response, 503, "unavailable", unavailable.message());
            return;
        }
        if (!(login instanceof OperatorLogin.Operator operator)) {
            problem(response, 401, "unauthenticated", "Log in as an operator.");
            return;
        }
        renewForCash(request, response, operator.name());
    }

    /** Cash, then the registered methods by label; a method that fails to describe itself is left out. */
    private List<Map<String, Object>> paymentMethods() {
        List<Map<String, Object>> methods = new ArrayList<>();
        for (PaymentMethod method : paymentMethods) {
            try {
                methods.add(method(method.id(), method.label(), method.renewalEndpoint()));
            } catch (RuntimeException e) {
                LOG.warn("A payment method could not describe itself and is not offered: {}", e.toString());
            }
        }
        methods.sort(Comparator.comparing(m -> String.valueOf(m.get("label"))));
        methods.add(0, method(CASH_ID, "Cash", CASH_RENEWALS));
        return methods;
    }

    private void renewForCash(HttpServletRequest request, HttpServletResponse response, OperatorName operator)
            throws IOException {
        Optional<JsonNode> body = readBody(request);
        String subscriberText = body.map(json -> json.path("subscriberId").asText("").strip()).orElse("");
        String planId = body.map(json -> json.path("planId").asText("").strip()).orElse("");
        if (subscriberText.isEmpty() || planId.isEmpty()) {
            problem(response, 400, "invalid_request", "Send the subscriber and the plan to renew, as JSON: "
                    + "{\"subscriberId\": …, \"planId\": …}.");
            return;
        }
        if (renewals == null || subscribers == null) {
            problem(response, 503, "unavailable", UNAVAILABLE);
            return;
        }
        SubscriberId subscriberId = new SubscriberId(subscriberText);
        try {
            Optional<Plan> plan = renewals.plan(planId);
            if (plan.isEmpty()) {
                problem(response, 400, "invalid_request", "There is no plan '" + planId + "'. Choose another plan.");
                return;
            }
            Optional<Subscriber> subscriber = subscribers.find(subscriberId);
            if (subscriber.isEmpty()) {
                problem(response, 404, "unknown_subscriber", "There is no subscriber '" + subscriberId + "'.");
                return;
            }
            // cash has no M-Pesa receipt: a payment id of its own keeps the host's once-per-payment rule
            PaymentId payment = PaymentId.random();
            RenewalResult result = renewals.renew(subscriberId, plan.get().id(), payment, operator);
            if (!result.applied()) {
                problem(response, 409, "not_renewed", result.message() == null || result.message().isBlank()
                        ? "The billing system did not renew the subscription." : result.message());
                return;
            }
            LOG.info("{} renewed {} on {} for cash (payment {})", operator, subscriberId, plan.get().id(), payment);
            Map<String, Object> renewed = new LinkedHashMap<>();
            renewed.put("subscriberId", subscriberId.value());
            renewed.put("planId", plan.get().id());
            renewed.put("planName", plan.get().name());
            renewed.put("amountKes", plan.get().price().shillings());
            renewed.put("method", CASH_ID);
            renewed.put("paymentId", payment.toString());
            renewed.put("applied", true);
            renewed.put("newExpiresAt", result.newExpiresAt() == null ? null : result.newExpiresAt().toString());
            renewed.put("message", result.message());
            answer(response, 200, renewed);
        } catch (RuntimeException e) {
            LOG.warn("A cash renewal of {} failed: {}", subscriberId, e.toString());
            problem(response, 503, "unavailable", "The billing records are not available right now, so nothing was "
                    + "renewed. Try again in a minute.");
        }
    }

    private static Optional<JsonNode> readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                return Optional.empty();
            }
            JsonNode json = JSON.readTree(bytes);
            return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Object> method(String id, String label, String renewalEndpoint) {
        Map<String, Object> method = new LinkedHashMap<>();
        method.put("id", id);
        method.put("label", label);
        method.put("renewalEndpoint", renewalEndpoint);
        return method;
    }

    /** As stkpush's {@code GET /stkpush/api/plans} shows a plan. */
    static Map<String, Object> plan(Plan plan) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", plan.id());
        shown.put("name", plan.name());
        shown.put("priceKes", plan.price().shillings());
        shown.put("period", plan.period() == null ? null : plan.period().toString());
        shown.put("periodText", plan.period() == null ? null : periodText(plan.period()));
        return shown;
    }

    /** P1M → "1 month", P7D → "7 days", P1Y2M → "1 year 2 months". */
    static String periodText(Period period) {
        List<String> parts = new ArrayList<>();
        addPart(parts, period.getYears(), "year");
        addPart(parts, period.getMonths(), "month");
        addPart(parts, period.getDays(), "day");
        return parts.isEmpty() ? "0 days" : String.join(" ", parts);
    }

    private static void addPart(List<String> parts, int count, String unit) {
        if (count != 0) {
            parts.add(count + " " + unit + (Math.abs(count) == 1 ? "" : "s"));
        }
    }

    private static void answer(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        JSON.writeValue(response.getOutputStream(), body);
    }

    private static void problem(HttpServletResponse response, int status, String code, String message)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        answer(response, status, body);
    }
}
