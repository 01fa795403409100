package io.stkpush.demo.host.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import io.stkpush.host.OperatorAuthenticator;
import io.stkpush.portal.gate.OperatorGate;
import io.stkpush.portal.gate.OperatorLogin;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * The demo portal's login: a page under {@code /portal/} is served only to an operator, as the host's
 * {@link OperatorAuthenticator} knows them (HTTP Basic against Karaf's JAAS in the demo). Anyone else gets the same
 * Basic challenge as the operator REST API, realm {@code stkpush}: the browser asks once, then sends the same
 * credentials to {@code /stkpush/api/…} when the pages call it.
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName(PortalLogin.NAME)
@HttpWhiteboardFilterPattern({PortalPages.ROOT, PortalPages.ROOT + "/*"})
public class PortalLogin implements Filter {

    /** The filter's name on the whiteboard, which {@link PortalPages} waits for. */
    static final String NAME = "stkpush-demo-portal-login";

    /** The REST API's challenge, word for word: one realm, so one login serves the pages and the API. */
    static final String CHALLENGE = "Basic realm=\"stkpush\"";

    private final OperatorAuthenticator authenticator;

    /**
     * @param authenticator the host's login service (in the demo, Karaf's JAAS realm from the karaf-login bundle),
     *                      or {@code null} while there is none: then every page answers 503
     */
    @Activate
    public PortalLogin(@Reference(name = "authenticator", cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY) OperatorAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void init(FilterConfig config) {
        // nothing to set up: the authenticator came with the constructor
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        HttpServletResponse answer = (HttpServletResponse) response;
        OperatorLogin login = OperatorGate.login(authenticator, OperatorGate.request(http));
        if (login instanceof OperatorLogin.Unavailable unavailable) {
            refuse(answer, 503, unavailable.message());
            return;
        }
        if (login instanceof OperatorLogin.Nobody) {
            answer.setHeader("WWW-Authenticate", CHALLENGE);
            refuse(answer, 401, "Log in as an operator to use the portal.");
            return;
        }
        // the pages are the same for every operator, but only operators may see them: keep them out of shared caches
        answer.setHeader("Cache-Control", "private, no-cache");
        chain.doFilter(request, response);
    }

    @Override
    public void destroy() {
        // nothing held
    }

    private static void refuse(HttpServletResponse response, int status, String words) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(words.getBytes(StandardCharsets.UTF_8));
    }
}
