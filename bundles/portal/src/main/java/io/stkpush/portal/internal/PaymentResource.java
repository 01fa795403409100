package io.stkpush.portal.internal;

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
import io.stkpush.api.Payment;
import io.stkpush.api.PaymentAlreadyLinkedException;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PaymentQuery;
import io.stkpush.api.PushPayments;
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
 * {@code GET /stkpush/api/payments} lists payments for the Payments page (and its Unredeemed Payments list);
 * {@code POST …/{paymentId}/link} links an unredeemed payment to a subscriber, once.
 */
@Component(service = PaymentResource.class)
@JaxrsResource
// Both in one property: @JSONRequired beside @JaxrsExtensionSelect would be overwritten by it.
@JaxrsExtensionSelect({OperatorGate.JSON, OperatorGate.SELECT})
@RequiresOperator
@Path("/stkpush/api/payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentResource.class);

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
    public PaymentResource(@Reference(name = "pushes", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) PushPayments pushes,
            @Reference(name = "directory", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) SubscriberDirectory directory) {
        this.pushes = pushes;
        this.directory = directory;
    }

    @GET
    public Response payments(@QueryParam("subscriberId") String subscriberId,
            @QueryParam("unredeemed") String unredeemed, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("limit") String limit) {
        return Answers.answer("list payments", () -> {
            PaymentQuery query = PaymentFilter.parse(subscriberId, unredeemed, from, to, limit);
            List<Map<String, Object>> payments = pushes().payments(query).stream().map(Views::payment).toList();
            return Response.ok(payments, MediaType.APPLICATION_JSON).build();
        });
    }

    @POST
    @Path("{paymentId}/link")
    public Response link(@PathParam("paymentId") String paymentId, String body,
            @Context SecurityContext security) {
        return Answers.answer("link a payment", () -> {
            OperatorName operator = OperatorGate.operator(security).orElseThrow(ApiProblem::unauthenticated);
            PaymentId id = paymentId(paymentId);
            String subscriberId = JsonBody.parse(body).text("subscriberId");
            if (subscriberId == null) {
                throw ApiProblem.invalidRequest("Choose the subscriber to link the payment to.");
            }
            PushPayments service = pushes();
            Subscriber subscriber = Subscribers.find(directory, subscriberId);
            Payment linked;
            try {
                linked = service.linkPayment(id, subscriber.id(), operator);
            } catch (UnknownPaymentException e) {
                throw unknownPayment();
            } catch (PaymentAlreadyLinkedException e) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("subscriberId", e.payment() == null || e.payment().subscriberId() == null ? null
                        : e.payment().subscriberId().value());
                throw ApiProblem.of(409, "already_linked", e.getMessage(), details);
            }
            LOG.info("{} linked payment {} to subscriber {}", operator, id, subscriber.id());
            return Response.ok(Views.payment(linked), MediaType.APPLICATION_JSON).build();
        });
    }

    private static PaymentId paymentId(String text) {
        try {
            return PaymentId.parse(text);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unknownPayment();
        }
    }

    private static ApiProblem unknownPayment() {
        return ApiProblem.of(404, "unknown_payment", "There is no such payment.");
    }

    private PushPayments pushes() {
        return Answers.present(pushes, "Payments are not available right now: the push service is not running.");
    }
}
