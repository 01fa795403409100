package io.stkpush.portal.gate;

import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.core.SecurityContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.host.OperatorRequest;

/**
 * What a bundle serving operators needs from the gate: the names a JAX-RS resource selects the gate's filter by,
 * the cross-site check, the operator behind a request the filter let through, and the host's view of a request that
 * did not come through JAX-RS (a servlet, a WebSocket upgrade).
 */
public final class OperatorGate {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorGate.class);

    /** The {@code osgi.jaxrs.name} of the gate's filter, a JAX-RS whiteboard extension of the portal. */
    public static final String NAME = "stkpush.operator";

    /** For {@code @JaxrsExtensionSelect} on an operator resource: the gate's filter. */
    public static final String SELECT = "(osgi.jaxrs.name=" + NAME + ")";

    /**
     * For {@code @JaxrsExtensionSelect} on an operator resource: Jackson, as {@code @JSONRequired} selects it. Put
     * both in one annotation, {@code @JaxrsExtensionSelect({OperatorGate.JSON, OperatorGate.SELECT})}: a
     * {@code @JSONRequired} beside it would be overwritten.
     */
    public static final String JSON = "(osgi.jaxrs.media.type=application/json)";

    private OperatorGate() {
    }

    /**
     * A state change (anything but GET, HEAD, OPTIONS) that {@link #isFromAnotherSite comes from another site's
     * page}: what the operator API refuses. Reading is never cross-site here, as a browser does not let another
     * site's page read the answer.
     */
    public static boolean isCrossSite(String method, String origin, String host, String fetchSite) {
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method)) {
            return false;
        }
        return isFromAnotherSite(origin, host, fetchSite);
    }

    /**
     * Whether the browser says the request comes from another site's page, whatever its method: a
     * {@code Sec-Fetch-Site: cross-site}, or an {@code Origin} whose host and port differ from the {@code Host} the
     * request was sent to. Requests without Origin (curl, servers) are not. A WebSocket upgrade is a GET that the
     * browser lets any page make and answers to that page, so it is refused on this check alone.
     *
     * @param origin    the {@code Origin} header, or {@code null}
     * @param host      the {@code Host} header, or {@code null}
     * @param fetchSite the {@code Sec-Fetch-Site} header, or {@code null}
     */
    public static boolean isFromAnotherSite(String origin, String host, String fetchSite) {
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

    /**
     * The operator the gate's filter recognised for this request, or empty when there is none (the filter was not
     * applied: refuse rather than act anonymously).
     */
    public static Optional<OperatorName> operator(SecurityContext context) {
        return context instanceof OperatorSecurityContext recognised ? Optional.of(recognised.operator())
                : Optional.empty();
    }

    /**
     * The security context the gate's filter hands to a resource once the host recognised the operator, which
     * {@link #operator(SecurityContext)} reads back.
     *
     * @param secure whether the request came over HTTPS
     */
    public static SecurityContext securityContext(OperatorName operator, boolean secure) {
        return new OperatorSecurityContext(Objects.requireNonNull(operator, "operator"), secure);
    }

    /**
     * Asks the host's login service about a request. Never throws: a service that is missing or fails is
     * {@link OperatorLogin.Unavailable} (the failure is logged here).
     *
     * @param authenticator the host's login service, or {@code null} while there is none
     */
    public static OperatorLogin login(OperatorAuthenticator authenticator, OperatorRequest request) {
        if (authenticator == null) {
            return new OperatorLogin.Unavailable(
                    "Operator login is not available right now: the host's login service is not running.");
        }
        try {
            return authenticator.authenticate(request).<OperatorLogin>map(OperatorLogin.Operator::new)
                    .orElseGet(OperatorLogin.Nobody::new);
        } catch (RuntimeException e) {
            LOG.warn("The host's operator login failed: {}", e.toString(), e);
            return new OperatorLogin.Unavailable("Operator login is not available right now. Try again in a minute.");
        }
    }

    /** A servlet request (a host's page, a WebSocket handshake) as the host's login service reads it. */
    public static OperatorRequest request(HttpServletRequest request) {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, Collections.list(request.getHeaders(name)));
        }
        return request(headers);
    }

    /**
     * A request as the host's {@link io.stkpush.host.OperatorAuthenticator} reads it, from the headers of a servlet
     * request or a WebSocket handshake: the cookies are taken from its {@code Cookie} headers.
     *
     * @param headers header names in any case, each with its values
     */
    public static OperatorRequest request(Map<String, List<String>> headers) {
        Map<String, String> cookies = new HashMap<>();
        headers.forEach((name, values) -> {
            if (name != null && name.equalsIgnoreCase("Cookie") && values != null) {
                values.stream().filter(Objects::nonNull).forEach(value -> readCookies(value, cookies));
            }
        });
        return request(headers, cookies);
    }

    /**
     * A request as the host's {@link io.stkpush.host.OperatorAuthenticator} reads it, when the runtime has already
     * read the cookies (JAX-RS).
     *
     * @param headers header names in any case, each with its values
     * @param cookies cookie names with their values
     */
    public static OperatorRequest request(Map<String, List<String>> headers, Map<String, String> cookies) {
        Map<String, List<String>> lowerCase = new HashMap<>();
        headers.forEach((name, values) -> {
            if (name != null) {
                // a runtime may list a header without a value as null
                List<String> present = values == null ? List.of()
                        : values.stream().filter(Objects::nonNull).toList();
                lowerCase.merge(name.toLowerCase(Locale.ROOT), present,
                        (first, more) -> Stream.concat(first.stream(), more.stream()).toList());
            }
        });
        Map<String, String> named = new HashMap<>();
        cookies.forEach((name, value) -> {
            if (name != null && value != null) {
                named.put(name, value);
            }
        });
        return new OperatorRequest(lowerCase, named);
    }

    /** {@code a=1; b="2"}: the first cookie of a name wins (the browser sends the most specific path first). */
    private static void readCookies(String header, Map<String, String> cookies) {
        for (String pair : header.split(";")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? "" : pair.substring(0, equals).strip();
            if (name.isEmpty() || name.startsWith("$")) {
                continue; // not a cookie, or an RFC 2965 attribute such as $Path
            }
            String value = pair.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            cookies.putIfAbsent(name, value);
        }
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }
}
