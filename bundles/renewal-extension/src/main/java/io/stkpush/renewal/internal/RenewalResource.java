package io.stkpush.renewal.internal;

import java.net.URI;
import java.time.Instant;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.InvalidAmountException;
import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.PushId;
import io.stkpush.api.SubscriberId;
import io.stkpush.host.Plan;
import io.stkpush.host.RenewalService;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;
import io.stkpush.portal.gate.OperatorGate;
import io.stkpush.portal.gate.RequiresOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' renewal API: {@code GET /stkpush/api/plans}, {@code POST /stkpush/api/renewals} (renew or change
 * plan, paid by STK Push at the plan's price), {@code GET …/renewals[/{id}]}, {@code POST …/{id}/link-and-renew} and
 * {@code POST …/{id}/retry}. Behind the operator gate like the push API; errors are the same JSON
 * {@code {"error","message"}}, never a 500.
 */
@Component(service = RenewalResource.class)
@JaxrsResource
@JaxrsExtensionSelect({OperatorGate.JSON, OperatorGate.SELECT})
@RequiresOperator
@Path("/stkpush/api")
@Produces(MediaType.APPLICATION_JSON)
public class RenewalResource {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalResource.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_CHARS = 16 * 1024;
    private static final int MAX_LIMIT = 500;

    private final RenewalComponent renewals;
    private final SubscriberDirectory directory;

    /**
     * @param directory the host's subscribers, or {@code null} while there are none (then 503 in words)
     */
    @Activate
    public RenewalResource(@Reference(name = "renewals") RenewalComponent renewals,
            @Reference(name = "directory", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) SubscriberDirectory directory) {
        this.renewals = renewals;
        this.directory = directory;
    }

    @GET
    @Path("plans")
    public Response plans() {
        return answer("list plans", () -> Response.ok(host().plans().stream().map(RenewalResource::plan).toList(),
                MediaType.APPLICATION_JSON).build());
    }

    @POST
    @Path("renewals")
    public Response renew(String body, @Context SecurityContext security) {
        return answer("start a renewal", () -> {
            OperatorName operator = operator(security);
            JsonNode order = parse(body);
            String subscriberId = text(order, "subscriberId");
            String planId = text(order, "planId");
            if (subscriberId == null || planId == null) {
                throw new RenewalRefused(400, "invalid_request", "Choose a subscriber and a plan.");
            }
            if (order.hasNonNull("amount") || order.hasNonNull("amountKes")) {
                throw new RenewalRefused(400, "invalid_request",
                        "A renewal costs the plan's price: send no amount.");
            }
            Plan plan = host().plan(planId).orElseThrow(() -> new RenewalRefused(400, "unknown_plan",
                    "There is no plan '" + planId + "'. Choose one of the plans listed."));
            Subscriber subscriber = subscribers().find(new SubscriberId(subscriberId))
                    .orElseThrow(() -> new RenewalRefused(404, "unknown_subscriber", "There is no such subscriber."));
            String typed = text(order, "phone");
            PhoneNumber phone = typed != null ? PhoneNumber.parse(typed) : registeredPhone(subscriber);
            Renewal renewal;
            try {
                renewal = renewals.desk().start(subscriber.id(), plan, phone, operator);
            } catch (PromptAlreadyOpenException e) {
                return problem(409, "prompt_open", e.getMessage(),
                        Map.of("openPushId", e.openPush() == null ? "" : e.openPush().toString()));
            }
            return Response.accepted(view(renewal)).type(MediaType.APPLICATION_JSON)
                    .location(URI.create("/stkpush/api/renewals/" + renewal.id())).build();
        });
    }

    @GET
    @Path("renewals")
    public Response list(@QueryParam("pushId") String pushId, @QueryParam("subscriberId") String subscriberId,
            @QueryParam("state") String state, @QueryParam("limit") String limit) {
        return answer("list renewals", () -> {
            List<Renewal> found;
            if (pushId != null) {
                found = renewals.desk().findByPush(pushId(pushId)).stream().toList();
            } else {
                found = renewals.desk().list(subscriberId == null || subscriberId.isBlank() ? null
                        : new SubscriberId(subscriberId), state(state), limit(limit));
            }
            return Response.ok(found.stream().map(RenewalResource::view).toList(), MediaType.APPLICATION_JSON)
                    .build();
        });
    }

    @GET
    @Path("renewals/{id}")
    public Response one(@PathParam("id") String id) {
        return answer("read a renewal", () -> Response.ok(view(renewals.desk().find(id).orElseThrow(
                () -> new RenewalRefused(404, "unknown_renewal", "There is no such renewal."))),
                MediaType.APPLICATION_JSON).build());
    }

    @POST
    @Path("renewals/{id}/link-and-renew")
    public Response linkAndRenew(@PathParam("id") String id, String body, @Context SecurityContext security) {
        return answer("link a payment and renew", () -> {
            OperatorName operator = operator(security);
            String paymentId = text(parse(body), "paymentId");
            if (paymentId == null) {
                throw new RenewalRefused(400, "invalid_request", "Choose the payment to link.");
            }
            PaymentId payment;
            try {
                payment = PaymentId.parse(paymentId);
            } catch (IllegalArgumentException e) {
                throw new RenewalRefused(404, "unknown_payment", "There is no such payment.");
            }
            return Response.ok(view(renewals.desk().linkAndRenew(id, payment, operator)), MediaType.APPLICATION_JSON)
                    .build();
        });
    }

    @POST
    @Path("renewals/{id}/retry")
    public Response retry(@PathParam("id") String id, @Context SecurityContext security) {
        return answer("retry a renewal", () -> Response.ok(view(renewals.desk().retry(id, operator(security))),
                MediaType.APPLICATION_JSON).build());
    }

    // ---- views --------------------------------------------------------------------------------------------------

    static Map<String, Object> view(Renewal r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("renewalId", r.id());
        m.put("pushId", r.pushId().toString());
        m.put("subscriberId", r.subscriberId().value());
        m.put("planId", r.planId());
        m.put("planName", r.planName());
        m.put("amountKes", r.amount().shillings());
        m.put("state", r.state().name());
        m.put("message", r.message());
        m.put("paymentId", r.paymentId() == null ? null : r.paymentId().toString());
        m.put("newExpiresAt", text(r.newExpiresAt()));
        m.put("attempts", r.attempts());
        m.put("nextAttemptAt", text(r.nextAttemptAt()));
        m.put("operator", r.operator().value());
        m.put("createdAt", text(r.createdAt()));
        m.put("updatedAt", text(r.updatedAt()));
        return m;
    }

    static Map<String, Object> plan(Plan p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("priceKes", p.price().shillings());
        m.put("period", p.period() == null ? null : p.period().toString());
        m.put("periodText", periodText(p.period()));
        return m;
    }

    /** "1 month", "7 days", "1 year": what an operator reads beside the price. */
    static String periodText(Period period) {
        if (period == null || period.isZero()) {
            return null;
        }
        StringBuilder words = new StringBuilder();
        part(words, period.getYears(), "year");
        part(words, period.getMonths(), "month");
        part(words, period.getDays(), "day");
        return words.toString();
    }

    private static void part(StringBuilder words, int n, String unit) {
        if (n != 0) {
            words.append(words.isEmpty() ? "" : " ").append(n).append(' ').append(unit).append(n == 1 ? "" : "s");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Response answer(String what, Supplier<Response> work) {
        try {
            return work.get();
        } catch (RenewalRefused e) {
            return problem(e.status(), e.code(), e.getMessage(), Map.of());
        } catch (InvalidPhoneNumberException e) {
            return problem(400, "invalid_phone", e.getMessage(), Map.of());
        } catch (InvalidAmountException e) {
            return problem(400, "invalid_amount", "This plan's price cannot be paid by STK Push: " + e.getMessage(),
                    Map.of());
        } catch (RuntimeException e) {
            LOG.warn("Could not {}: {}", what, e.toString(), e);
            return problem(503, "unavailable", "stkpush cannot do this right now. Try again in a minute; if it keeps"
                    + " happening, ask your administrator to check the server.", Map.of());
        }
    }

    private static Response problem(int status, String code, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        body.putAll(details);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    private static OperatorName operator(SecurityContext security) {
        return OperatorGate.operator(security)
                .orElseThrow(() -> new RenewalRefused(401, "unauthenticated", "Log in as an operator."));
    }

    private RenewalService host() {
        return renewals.host().orElseThrow(() -> new RenewalRefused(503, "unavailable",
                "Renewals are not available right now: the billing system's Renew / Change Plan service is not"
                        + " running."));
    }

    private SubscriberDirectory subscribers() {
        if (directory == null) {
            throw new RenewalRefused(503, "unavailable",
                    "Renewals are not available right now: the billing system's subscriber list is not running.");
        }
        return directory;
    }

    private static PhoneNumber registeredPhone(Subscriber subscriber) {
        if (subscriber.phone() == null || subscriber.phone().isBlank()) {
            throw new RenewalRefused(400, "invalid_phone",
                    "This subscriber has no registered phone number. Enter the number to prompt.");
        }
        return PhoneNumber.parse(subscriber.phone());
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JSON.createObjectNode();
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new RenewalRefused(413, "too_large", "The request body is too large.");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RenewalRefused(400, "invalid_request", "Send a JSON object.");
            }
            return node;
        } catch (java.io.IOException e) {
            throw new RenewalRefused(400, "invalid_request", "The request is not valid JSON.");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new RenewalRefused(400, "invalid_request", "'" + field + "' must be text.");
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }

    private static PushId pushId(String text) {
        try {
            return PushId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RenewalRefused(400, "invalid_query", "pushId is not a payment request id.");
        }
    }

    private static RenewalState state(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return RenewalState.valueOf(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RenewalRefused(400, "invalid_query",
                    "state must be one of PENDING, APPLIED, FAILED, NOT_PAID.");
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return 50;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RenewalRefused(400, "invalid_query", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
