package io.stkpush.portal.internal;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterAsyncSupported;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

/**
 * Deals, before the JAX-RS runtime sees them, with the requests that runtime fails on its own, before any stkpush
 * resource or filter runs: a {@code Content-Type} naming a character set Java does not know (CXF throws, answered 500
 * with the exception's text), one that is not a single media type such as {@code application/json, text/html} (an
 * empty 415), and a query string with a broken percent escape such as {@code from=%} (CXF throws, 500).
 *
 * <p>The operator API answers these itself, in its own {@code {"error","message"}} shape: 415
 * {@code unsupported_media_type} and 400 {@code invalid_query}. The Daraja hooks never refuse what they receive
 * before it is journaled, so there the request goes on with the header replaced by {@code application/json} (the
 * hooks read raw bytes whatever the type) and each broken escape written as {@code %25}: the hook's own checks then
 * decide, on a body that is in the journal.
 *
 * <p>An HTTP whiteboard filter in the default context, where the Aries JAX-RS whiteboard puts the servlet of its
 * default application (every stkpush resource is in it).
 */
@Component(service = Filter.class)
@HttpWhiteboardFilterName(RequestHygieneFilter.NAME)
@HttpWhiteboardFilterPattern({RequestHygieneFilter.API + "*", RequestHygieneFilter.HOOKS + "*"})
// the JAX-RS whiteboard's servlet is asynchronous: a synchronous filter in its chain would take that away
@HttpWhiteboardFilterAsyncSupported
public class RequestHygieneFilter implements Filter {

    static final String NAME = "stkpush.request-hygiene";
    static final String API = "/stkpush/api/";
    static final String HOOKS = "/hooks/";

    /** What a hook's unusable Content-Type becomes: what Daraja sends. */
    static final String HOOK_CONTENT_TYPE = "application/json";

    private static final String CONTENT_TYPE = "Content-Type";

    // RFC 9110: media-type = type "/" subtype parameters, parameters = *( OWS ";" OWS [ parameter ] ); possessive,
    // so a long hostile header cannot make the match backtrack
    private static final String TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]++";
    private static final String QUOTED = "\"(?:[^\"\\\\\\p{Cntrl}]|\\\\[^\\p{Cntrl}])*+\"";
    private static final String PARAMETER = "(" + TOKEN + ")=(" + TOKEN + "|" + QUOTED + ")";
    private static final Pattern MEDIA_TYPE = Pattern.compile(
            TOKEN + "/" + TOKEN + "(?:[ \t]*+;[ \t]*+(?:" + PARAMETER + ")?)*+[ \t]*+");
    private static final Pattern PARAMETERS = Pattern.compile(";[ \t]*" + PARAMETER);

    /** A {@code %} not followed by two hex digits. */
    private static final Pattern BROKEN_ESCAPE = Pattern.compile("%(?![0-9A-Fa-f]{2})");

    @Override
    public void init(FilterConfig config) {
        // nothing to set up
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        boolean usableType = isUsable(Collections.list(http.getHeaders(CONTENT_TYPE)));
        String query = http.getQueryString();
        boolean brokenQuery = query != null && BROKEN_ESCAPE.matcher(query).find();
        if (usableType && !brokenQuery) {
            chain.doFilter(request, response);
        } else if (isHook(http)) {
            chain.doFilter(new HookRequest(http, usableType ? null : HOOK_CONTENT_TYPE,
                    brokenQuery ? BROKEN_ESCAPE.matcher(query).replaceAll("%25") : query), response);
        } else if (!usableType) {
            refuse((HttpServletResponse) response, ApiProblem.of(415, "unsupported_media_type",
                    "Send the request body as JSON: Content-Type application/json, in UTF-8."));
        } else {
            refuse((HttpServletResponse) response, ApiProblem.of(400, "invalid_query",
                    "The query string is not correctly encoded: a % must be followed by two hexadecimal digits."));
        }
    }

    @Override
    public void destroy() {
        // nothing held
    }

    /**
     * No Content-Type (or a blank one, which CXF takes as none), or exactly one that is one media type whose
     * character set, if it names one, Java knows. The charset is looked for as RFC 9110 reads the parameters and as
     * CXF does (the text after the first {@code charset=}), so neither reading meets a name that would make CXF fail.
     */
    static boolean isUsable(List<String> contentTypes) {
        if (contentTypes.isEmpty() || contentTypes.size() == 1 && contentTypes.get(0).isBlank()) {
            return true;
        }
        if (contentTypes.size() > 1 || !MEDIA_TYPE.matcher(contentTypes.get(0).strip()).matches()) {
            return false;
        }
        String type = contentTypes.get(0).strip();
        Matcher parameter = PARAMETERS.matcher(type);
        while (parameter.find()) {
            if (parameter.group(1).toLowerCase(Locale.ROOT).equals("charset") && !isKnownCharset(
                    unquoted(parameter.group(2)))) {
                return false;
            }
        }
        int cxf = type.indexOf("charset=");
        if (cxf >= 0) {
            String named = type.substring(cxf + "charset=".length());
            named = named.indexOf(';') >= 0 ? named.substring(0, named.indexOf(';')).strip() : named;
            return named.isEmpty() || isKnownCharset(named.startsWith("\"")
                    ? named.substring(1, Math.max(1, named.length() - 1)) : named);
        }
        return true;
    }

    private static String unquoted(String value) {
        return value.startsWith("\"") ? value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1") : value;
    }

    private static boolean isKnownCharset(String name) {
        try {
            return Charset.isSupported(name.strip());
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    private static boolean isHook(HttpServletRequest request) {
        // the decoded path within the context, as the filter pattern matched it
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.startsWith(HOOKS);
    }

    private static void refuse(HttpServletResponse response, ApiProblem problem) throws IOException {
        byte[] body = JsonBody.JSON.writeValueAsBytes(problem.body());
        response.setStatus(problem.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** A hook's request with what the runtime cannot take replaced; the body is untouched. */
    private static final class HookRequest extends HttpServletRequestWrapper {

        private final String contentType;
        private final String query;

        /** @param contentType the Content-Type to show instead, or {@code null} to keep the original */
        HookRequest(HttpServletRequest request, String contentType, String query) {
            super(request);
            this.contentType = contentType;
            this.query = query;
        }

        @Override
        public String getQueryString() {
            return query;
        }

        @Override
        public String getContentType() {
            return contentType != null ? contentType : super.getContentType();
        }

        @Override
        public String getCharacterEncoding() {
            return contentType != null ? null : super.getCharacterEncoding();
        }

        @Override
        public String getHeader(String name) {
            return contentType != null && CONTENT_TYPE.equalsIgnoreCase(name) ? contentType : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return contentType != null && CONTENT_TYPE.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(contentType)) : super.getHeaders(name);
        }
    }
}
