package io.stkpush.portal.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

import io.stkpush.api.OperatorName;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PromptAlreadyOpenException;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushRequest;
import io.stkpush.api.UnknownPaymentException;
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
 * {@code POST /stkpush/api/pushes} sends a payment prompt, {@code GET …/{pushId}} is the dialog's status poll,
 * {@code POST …/{pushId}/stop-waiting} is Stop Waiting (the M-Pesa transaction is not cancelled), and
 * {@code GET …?needsReview=true} lists the pushes left for an operator to review.
 */
@Component(service = PushResource.class)
@JaxrsResource
// Both in one property: @JSONRequired beside @JaxrsExtensionSelect would be overwritten by it.
@JaxrsExtensionSelect({OperatorGate.JSON, OperatorGate.SELECT})
@RequiresOperator
@Path("/stkpush/api/pushes")
@Produces(MediaType.APPLICATION_JSON)
public class PushResource {

    private static final Logger LOG = LoggerFactory.getLogger(PushResource.class);

    private final PushPayments pushes;
    private final SubscriberDirectory directory;

    /**
     * Both optional, so the API answers 503 in words while one is missing; DS activates the resource again when
     * one comes or goes.
     *
     * @param pushes    the push service, or {@code null} while it is not running
     * @param directory the host's subscribers, or {@code null} while there are none
     */
    @Activate
    public PushResource(@Reference(name = "pushes", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) PushPayments pushes,
            @Reference(name = "directory", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) SubscriberDirectory directory) {
        this.pushes = pushes;
        this.directory = directory;
    }

    @POST
    public Response send(String body, @Context SecurityContext security) {
        return Answers.answer("send a payment prompt", () -> {
            OperatorName operator = OperatorGate.operator(security).orElseThrow(ApiProblem::unauthenticated);
            PushOrder order = PushOrder.parse(body);
            PushPayments service = pushes();
            Subscriber subscriber = Subscribers.find(directory, order.subscriberId().value());
            PhoneNumber phone = order.phone() != null ? order.phone() : registeredPhone(subscriber);
            Push push;
            try {
                push = service.initiate(new PushRequest(subscriber.id(), phone, order.amount(), operator, null));
            } catch (PromptAlreadyOpenException e) {
                Map<String, Object> open = new LinkedHashMap<>();
                open.put("pushId", e.openPush() == null ? null : e.openPush().toString());
                throw ApiProblem.of(409, "prompt_open", e.getMessage(), open);
            }
            LOG.info("{} sent a prompt for {} to {} (subscriber {}): push {} {}", operator, order.amount(), phone,
                    subscriber.id(), push.id(), push.status());
            return Response.accepted(Views.push(push)).type(MediaType.APPLICATION_JSON)
                    .location(URI.create("/stkpush/api/pushes/" + push.id())).build();
        });
    }

    @GET
    public Response needingReview(@QueryParam("needsReview") String needsReview, @QueryParam("limit") String limit) {
        return Answers.answer("list pushes needing review", () -> {
            if (!PaymentFilter.flag("needsReview", needsReview)) {
                throw ApiProblem.of(400, "invalid_query",
                        "Only pushes needing review are listed here: add needsReview=true.");
            }
            List<Map<String, Object>> listed = pushes().pushesNeedingReview(PaymentFilter.limit(limit)).stream()
                    .map(Views::push).toList();
            return Response.ok(listed, MediaType.APPLICATION_JSON).build();
        });
    }

    @GET
    @Path("{pushId}")
    public Response status(@PathParam("pushId") String pushId) {
        return Answers.answer("read a push", () -> {
            Push push = pushes().find(pushId(pushId)).orElseThrow(PushResource::unknownPush);
            return Response.ok(Views.push(push), MediaType.APPLICATION_JSON).build();
        });
    }

    @POST
    @Path("{pushId}/stop-waiting")
    public Response stopWaiting(@PathParam("pushId") String pushId, @Context SecurityContext security) {
        return Answers.answer("stop waiting", () -> {
            OperatorName operator = OperatorGate.operator(security).orElseThrow(ApiProblem::unauthenticated);
            PushPayments service = pushes();
            PushId id = pushId(pushId);
            Push push;
            try {
                push = service.stopWaiting(id, operator);
            } catch (UnknownPaymentException e) {
                throw unknownPush();
            }
            LOG.info("{} stopped waiting for push {}: {}", operator, id, push.status());
            return Response.ok(Views.push(push), MediaType.APPLICATION_JSON).build();
        });
    }

    private static PhoneNumber registeredPhone(Subscriber subscriber) {
        if (subscriber.phone() == null || subscriber.phone().isBlank()) {
            throw ApiProblem.of(400, "invalid_phone",
                    "This subscriber has no registered phone number. Enter the number to prompt.");
        }
        return PhoneNumber.parse(subscriber.phone());
    }

    private static PushId pushId(String text) {
        try {
            return PushId.parse(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unknownPush();
        }
    }

    private static ApiProblem unknownPush() {
        return ApiProblem.of(404, "unknown_push", "There is no such payment request.");
    }

    private PushPayments pushes() {
        return Answers.present(pushes, "STK Push is not available right now: the push service is not running.");
    }
}
