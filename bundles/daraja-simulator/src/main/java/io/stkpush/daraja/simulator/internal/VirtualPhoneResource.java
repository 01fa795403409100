package io.stkpush.daraja.simulator.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JSONRequired;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual phone: the page {@code GET /daraja-sim/phone} and the small JSON API it polls.
 * <ul>
 * <li>{@code GET /daraja-sim/phone/prompts?msisdn=} → {@code {"open":[…],"finished":[…]}}</li>
 * <li>{@code POST /daraja-sim/phone/prompts/{checkoutRequestId}/pin} {@code {"pin":"1234"}} → the ended prompt</li>
 * <li>{@code POST /daraja-sim/phone/prompts/{checkoutRequestId}/cancel} → the ended prompt</li>
 * <li>{@code GET /daraja-sim/phone/c2b} → registered C2B URLs; {@code POST /daraja-sim/phone/c2b}
 * {@code {"msisdn","amount","accountNumber","shortCode"}} → the TransID sent</li>
 * </ul>
 * Errors here are the project's own shape {@code {"error","message"}}: this API is not Daraja's.
 */
@Component(service = VirtualPhoneResource.class)
@JaxrsResource
@JSONRequired
@Path("/daraja-sim/phone")
public class VirtualPhoneResource {

    private static final Logger LOG = LoggerFactory.getLogger(VirtualPhoneResource.class);

    /** Ended prompts stay on the page this long so the tester sees what happened. */
    static final Duration RECENT = Duration.ofMinutes(10);
    private static final int RECENT_SHOWN = 20;

    private final MpesaSandbox sandbox;

    @Activate
    public VirtualPhoneResource(@Reference MpesaSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @GET
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    public String page() {
        try (InputStream in = VirtualPhoneResource.class.getResourceAsStream("phone.html")) {
            if (in == null) {
                throw new IllegalStateException("phone.html is missing from the bundle");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("prompts")
    @Produces(MediaType.APPLICATION_JSON)
    public Response prompts(@QueryParam("msisdn") String msisdn) {
        String digits = filterDigits(msisdn);
        Instant now = sandbox.now();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode open = body.putArray("open");
        sandbox.openPrompts(digits).forEach(p -> open.add(view(p, now)));
        ArrayNode finished = body.putArray("finished");
        sandbox.finishedPrompts(now.minus(RECENT), digits).stream().limit(RECENT_SHOWN)
                .forEach(p -> finished.add(view(p, now)));
        return Answers.ok(body);
    }

    @POST
    @Path("prompts/{checkoutRequestId}/pin")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pin(@PathParam("checkoutRequestId") String checkoutRequestId, String body) {
        String pin;
        try {
            JsonNode json = RequestBody.JSON.readTree(body == null ? "" : body);
            pin = json == null ? null : json.path("pin").asText(null);
        } catch (IOException e) {
            pin = null;
        }
        if (pin == null) {
            return error(400, "invalid_request", "Send {\"pin\":\"…\"}.");
        }
        String entered = pin;
        return answer(() -> sandbox.enterPin(checkoutRequestId, entered));
    }

    @POST
    @Path("prompts/{checkoutRequestId}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    public Response cancel(@PathParam("checkoutRequestId") String checkoutRequestId) {
        return answer(() -> sandbox.cancel(checkoutRequestId));
    }

    @GET
    @Path("c2b")
    @Produces(MediaType.APPLICATION_JSON)
    public Response c2bRegistrations() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        List<C2bRegistration> registrations = sandbox.c2bRegistrations();
        body.put("defaultShortCode",
                registrations.isEmpty() ? sandbox.settings().shortCode() : registrations.get(0).shortCode());
        ArrayNode list = body.putArray("registrations");
        for (C2bRegistration r : registrations) {
            ObjectNode item = list.addObject();
            item.put("shortCode", r.shortCode());
            item.put("version", r.version());
            item.put("responseType", r.responseType());
            // without the path: callback paths carry the integrator's secret token
            item.put("confirmationUrl", MpesaSandbox.where(r.confirmationUrl()));
            item.put("validationUrl", MpesaSandbox.where(r.validationUrl()));
        }
        return Answers.ok(body);
    }

    /** A customer pays the Paybill from the phone's M-PESA menu. */
    @POST
    @Path("c2b")
    @Produces(MediaType.APPLICATION_JSON)
    public Response payBill(String body) {
        JsonNode form;
        try {
            form = RequestBody.JSON.readTree(body == null ? "" : body);
        } catch (IOException e) {
            form = null;
        }
        if (form == null || !form.isObject()) {
            return error(400, "invalid_request", "Send {\"msisdn\",\"amount\",\"accountNumber\",\"shortCode\"}.");
        }
        String shortCode = form.path("shortCode").asText("");
        ObjectNode simulate = JsonNodeFactory.instance.objectNode();
        simulate.put("ShortCode", shortCode.isBlank() ? sandbox.settings().shortCode() : shortCode.trim());
        simulate.put("CommandID", StkPushRequest.PAYBILL);
        simulate.set("Amount", form.path("amount"));
        simulate.put("Msisdn", internationalNumber(form.path("msisdn").asText("")));
        simulate.put("BillRefNumber", form.path("accountNumber").asText(""));
        C2bPayment payment;
        try {
            payment = sandbox.simulateC2b(C2bSimulation.parse(RequestBody.of(simulate)));
        } catch (DarajaError e) {
            return error(400, "invalid_request", e.getMessage().replace("Bad Request - ", ""));
        }
        C2bRegistration registration = sandbox.c2bRegistration(payment.shortCode());
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("transId", payment.transId());
        answer.put("shortCode", payment.shortCode());
        answer.put("amount", payment.amount());
        answer.put("delivered", registration != null);
        answer.put("confirmationUrl", registration == null ? null : MpesaSandbox.where(registration.confirmationUrl()));
        answer.put("message", registration == null
                ? "No C2B URLs are registered for " + payment.shortCode() + ": nothing was sent."
                : "Sent " + payment.transId() + " to the C2B URLs of " + payment.shortCode() + ".");
        return Answers.ok(answer);
    }

    private Response answer(Supplier<Prompt> action) {
        try {
            return Answers.ok(view(action.get(), sandbox.now()));
        } catch (NoSuchElementException e) {
            return error(404, "unknown_prompt", "No such prompt on the virtual phone.");
        } catch (IllegalStateException e) {
            return error(409, "prompt_closed", "This prompt has already ended.");
        } catch (RuntimeException e) {
            LOG.error("virtual phone failed", e);
            return error(500, "internal_error", "The simulator failed; see the Karaf log.");
        }
    }

    private static ObjectNode view(Prompt p, Instant now) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("checkoutRequestId", p.checkoutRequestId());
        v.put("merchantRequestId", p.merchantRequestId());
        v.put("msisdn", p.phone().value());
        v.put("amount", p.request().amount());
        v.put("accountReference", p.request().accountReference());
        v.put("text", p.text());
        v.put("scenario", p.scenario().name());
        v.put("createdAt", p.createdAt().toString());
        Outcome outcome = p.outcome();
        if (outcome == null) {
            v.put("status", "OPEN");
            v.put("expiresAt", p.expiresAt().toString());
            v.put("expiresInSeconds", Math.max(0, Duration.between(now, p.expiresAt()).toSeconds()));
        } else {
            v.put("status", "ENDED");
            v.put("resultCode", outcome.resultCode());
            v.put("resultDesc", outcome.callbackDesc());
            v.put("receipt", p.receipt());
            v.put("finishedAt", p.finishedAt().toString());
        }
        return v;
    }

    /** The page lets testers type 07…, +254… or just the end of a number. */
    static String filterDigits(String typed) {
        if (typed == null) {
            return null;
        }
        String digits = typed.replaceAll("\\D", "");
        if (digits.startsWith("0")) {
            digits = digits.substring(1);
        }
        return digits.isEmpty() ? null : digits;
    }

    /** 07XXXXXXXX / 01XXXXXXXX / +2547… → 2547…; anything else is passed on for Daraja's own check. */
    static String internationalNumber(String typed) {
        String digits = typed.replaceAll("[\\s+-]", "");
        if (digits.matches("0[17]\\d{8}")) {
            return "254" + digits.substring(1);
        }
        return digits;
    }

    private static Response error(int status, String code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", code);
        body.put("message", message);
        return Answers.json(status, body);
    }
}
