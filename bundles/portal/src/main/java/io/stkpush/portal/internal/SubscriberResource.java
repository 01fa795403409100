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

/**
 * {@code GET /stkpush/api/subscribers?q=} and {@code GET /stkpush/api/subscribers/{id}}: the dialog's subscriber
 * search and the subscriber it was opened for, from the host's directory.
 */
@Component(service = SubscriberResource.class)
@JaxrsResource
// Both in one property: @JSONRequired beside @JaxrsExtensionSelect would be overwritten by it.
@JaxrsExtensionSelect({OperatorGate.JSON, OperatorGate.SELECT})
@RequiresOperator
@Path("/stkpush/api/subscribers")
@Produces(MediaType.APPLICATION_JSON)
public class SubscriberResource {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 50;

    private final SubscriberDirectory directory;

    /**
     * @param directory the host's subscribers, or {@code null} while there are none (503 meanwhile); DS activates
     *                  the resource again when they come or go
     */
    @Activate
    public SubscriberResource(@Reference(name = "directory", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) SubscriberDirectory directory) {
        this.directory = directory;
    }

    @GET
    public Response search(@QueryParam("q") String query, @QueryParam("limit") String limit) {
        return Answers.answer("search subscribers", () -> {
            List<Map<String, Object>> found = Subscribers.present(directory)
                    .search(query == null ? "" : query.strip(), PaymentFilter.limit(limit, DEFAULT_LIMIT, MAX_LIMIT))
                    .stream().map(Views::subscriber).toList();
            return Response.ok(found, MediaType.APPLICATION_JSON).build();
        });
    }

    @GET
    @Path("{id}")
    public Response subscriber(@PathParam("id") String id) {
        return Answers.answer("read a subscriber", () -> Response
                .ok(Views.subscriber(Subscribers.find(directory, id)), MediaType.APPLICATION_JSON).build());
    }
}
