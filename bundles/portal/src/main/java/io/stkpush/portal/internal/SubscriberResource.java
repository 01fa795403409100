package io.stkpush.portal.internal;

import java.util.List;
import java.util.Map;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /stkpush/api/subscribers?q=} and {@code GET /stkpush/api/subscribers/{id}}: the dialog's subscriber
 * search and the subscriber it was opened for, from the host's directory.
 */
@Component(service = SubscriberResource.class)
@JaxrsResource
// Both in one property: @JSONRequired beside @JaxrsExtensionSelect would be overwritten by it.
@JaxrsExtensionSelect({OperatorFilter.JSON, OperatorFilter.SELECT})
@RequiresOperator
@Path("/stkpush/api/subscribers")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriberResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 50;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SubscriberDirectory directory;

    public SubscriberResource() {
    }

    SubscriberResource(SubscriberDirectory directory) {
        this.directory = directory;
    }

    @GET
    public Response search(@QueryParam("q") String query, @QueryParam("limit") String limit) {
        return Answers.answer("search subscribers", () -> {
            List<Map<String, Object>> found = directory()
                    .search(query == null ? "" : query.strip(), PaymentFilter.limit(limit, DEFAULT_LIMIT, MAX_LIMIT))
                    .stream().map(Views::subscriber).toList();
            return Response.ok(found, MediaType.APPLICATION_JSON).build();
        });
    }

    @GET
    @Path("{id}")
    public Response subscriber(@PathParam("id") String id) {
        return Answers.answer("read a subscriber", () -> {
            Subscriber subscriber = find(directory(), id);
            return Response.ok(Views.subscriber(subscriber), MediaType.APPLICATION_JSON).build();
        });
    }

    /** The host's directory, or 503 while there is none. */
    SubscriberDirectory directory() {
        return Answers.present(directory, Answers.NO_DIRECTORY);
    }

    /** @throws ApiProblem 404 {@code unknown_subscriber} */
    static Subscriber find(SubscriberDirectory directory, String id) {
        if (id == null || id.isBlank()) {
            throw unknownSubscriber();
        }
        return directory.find(new SubscriberId(id)).orElseThrow(SubscriberResource::unknownSubscriber);
    }

    static ApiProblem unknownSubscriber() {
        return ApiProblem.of(404, "unknown_subscriber", "There is no such subscriber.");
    }
}
