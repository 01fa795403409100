package io.stkpush.portal.internal;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.annotation.Priority;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.Cookie;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.host.OperatorRequest;

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
 * Lets only operators use the operator API, as the host knows them ({@link OperatorAuthenticator}), and refuses
 * state changes sent from another site's page. Applied through {@link RequiresOperator} to the operator
 * resources only; they also select this extension by name, so they are not served while it is missing.
 */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName(OperatorFilter.NAME)
@Priority(Priorities.AUTHENTICATION)
@RequiresOperator
public class OperatorFilter implements ContainerRequestFilter {

    static final String NAME = "stkpush.operator";

    /** For {@code @JaxrsExtensionSelect} on the operator resources: this filter. */
    static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";

    /** For {@code @JaxrsExtensionSelect} on the operator resources: Jackson, as {@code @JSONRequired} selects it. */
    static final String JSON = "(osgi.jaxrs.media.type=application/json)";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorFilter.class);

    // Optional and dynamic: the host may come later or be replaced; meanwhile the API answers 503.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OperatorAuthenticator authenticator;

    public OperatorFilter() {
    }

    OperatorFilter(OperatorAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** For tests: the host's login service comes and goes. */
    void use(OperatorAuthenticator replacement) {
        this.authenticator = replacement;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (isCrossSite(request.getMethod(), request.getHeaderString("Origin"),
                request.getHeaderString(HttpHeaders.HOST), request.getHeaderString("Sec-Fetch-Site"))) {
            LOG.warn("Refused a cross-site {} to {} from {}", request.getMethod(),
                    request.getUriInfo().getPath(), request.getHeaderString("Origin"));
            request.abortWith(response(ApiProblem.of(403, "cross_site",
                    "This request came from another web site and was refused.")));
            return;
        }
        OperatorAuthenticator current = authenticator;
        if (current == null) {
            request.abortWith(response(ApiProblem.unavailable(
                    "Operator login is not available right now: the host's login service is not running.")));
            return;
        }
        Optional<OperatorName> operator;
        try {
            operator = current.authenticate(operatorRequest(request));
        } catch (RuntimeException e) {
            LOG.warn("The host's operator login failed: {}", e.toString(), e);
            request.abortWith(response(ApiProblem.unavailable(
                    "Operator login is not available right now. Try again in a minute.")));
            return;
        }
        if (operator.isEmpty()) {
            request.abortWith(response(unauthenticated()));
            return;
        }
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new OperatorSecurityContext(operator.get(), secure));
    }

    static ApiProblem unauthenticated() {
        return ApiProblem.of(401, "unauthenticated", "Log in as an operator.");
    }

    /**
     * A state change (anything but GET, HEAD, OPTIONS) whose browser says it comes from another site: a
     * {@code Sec-Fetch-Site: cross-site}, or an {@code Origin} whose host and port differ from the {@code Host}
     * the request was sent to. Requests without Origin (curl, servers) are not cross-site.
     */
    static boolean isCrossSite(String method, String origin, String host, String fetchSite) {
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
            return false;
        }
        if (fetchSite != null && fetchSite.strip().equalsIgnoreCase("cross-site")) {
            return true;
        }
        if (origin == null) {
            return false;
        }
        if (host == null) {
            return true;
        }
        try {
            URI from = URI.create(origin.strip());
            if (from.getScheme() == null || from.getHost() == null) {
                return true;
            }
            int originPort = from.getPort() != -1 ? from.getPort() : defaultPort(from.getScheme());
            URI to = URI.create(from.getScheme() + "://" + host.strip());
            int hostPort = to.getPort() != -1 ? to.getPort() : defaultPort(from.getScheme());
            return to.getHost() == null || !from.getHost().equalsIgnoreCase(to.getHost()) || originPort != hostPort;
        } catch (IllegalArgumentException e) {
            // "null" (sandboxed pages, some redirects) and anything unparsable
            return true;
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static OperatorRequest operatorRequest(ContainerRequestContext request) {
        Map<String, List<String>> headers = new HashMap<>();
        request.getHeaders().forEach((name, values) -> {
            // the runtime may list a header without a value as null
            List<String> present = values == null ? List.of() : values.stream().filter(Objects::nonNull).toList();
            headers.put(name.toLowerCase(Locale.ROOT), present);
        });
        Map<String, String> cookies = new HashMap<>();
        for (Map.Entry<String, Cookie> cookie : request.getCookies().entrySet()) {
            cookies.put(cookie.getKey(), cookie.getValue().getValue());
        }
        return new OperatorRequest(headers, cookies);
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
