package io.stkpush.portal.internal;

import java.util.HashMap;
import java.util.Map;

import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.portal.gate.OperatorGate;
import io.stkpush.portal.gate.OperatorLogin;
import io.stkpush.portal.gate.RequiresOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator gate's filter: lets only operators use the resources marked {@link RequiresOperator}, as the host
 * knows them ({@link OperatorAuthenticator}), and refuses state changes sent from another site's page. Those
 * resources also select it by name ({@link OperatorGate#SELECT}), so they are not served while it is missing.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(OperatorGate.NAME)
@Priority(Priorities.AUTHENTICATION)
@RequiresOperator
public class OperatorFilter implements ContainerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorFilter.class);

    /**
     * The host's login service, or {@code null} while there is none (the operator API then answers 503). Dynamic,
     * so the filter the JAX-RS whiteboard holds stays the same instance while a host's login bundle is updated or
     * replaced: a static reference made DS replace the filter, and under load the whiteboard could keep serving
     * the instance that had none (found by BundleChurnIT).
     */
    @Reference(name = "authenticator", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile OperatorAuthenticator authenticator;

    @Activate
    public OperatorFilter() {
    }

    /** For tests: a filter with this login service, or {@code null} for none. */
    OperatorFilter(OperatorAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (OperatorGate.isCrossSite(request.getMethod(), request.getHeaderString("Origin"),
                request.getHeaderString(HttpHeaders.HOST), request.getHeaderString("Sec-Fetch-Site"))) {
            LOG.warn("Refused a cross-site {} to {} from {}", request.getMethod(),
                    request.getUriInfo().getPath(), request.getHeaderString("Origin"));
            request.abortWith(response(ApiProblem.of(403, "cross_site",
                    "This request came from another web site and was refused.")));
            return;
        }
        OperatorLogin login = OperatorGate.login(authenticator,
                OperatorGate.request(request.getHeaders(), cookies(request)));
        if (login instanceof OperatorLogin.Operator operator) {
            boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
            request.setSecurityContext(OperatorGate.securityContext(operator.name(), secure));
        } else if (login instanceof OperatorLogin.Unavailable unavailable) {
            request.abortWith(response(ApiProblem.unavailable(unavailable.message())));
        } else {
            request.abortWith(response(ApiProblem.unauthenticated()));
        }
    }

    private static Map<String, String> cookies(ContainerRequestContext request) {
        Map<String, String> cookies = new HashMap<>();
        for (Map.Entry<String, Cookie> cookie : request.getCookies().entrySet()) {
            cookies.put(cookie.getKey(), cookie.getValue().getValue());
        }
        return cookies;
    }

    /**
     * Written to text here, so the refusal does not depend on which message body writers the application has.
     */
    private static Response response(ApiProblem problem) {
        Response.ResponseBuilder builder = Response.status(problem.status()).type(MediaType.APPLICATION_JSON);
        if (problem.status() == 401) {
            builder.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"stkpush\"");
        }
        try {
            return builder.entity(JsonBody.JSON.writeValueAsString(problem.body())).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
