package io.stkpush.webconsole.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

/**
 * Keeps another site from making the administrator's browser press the page's button (cross-site request
 * forgery): a POST must carry the token the page put in its form, and when the browser says where the request
 * comes from ({@code Origin}, else {@code Referer}), that must be this server. Another site can make a browser
 * send a form, but cannot read the page to learn the token.
 */
final class FormGuard {

    /** The form field that carries the token. */
    static final String FIELD = "token";

    private final String token;

    FormGuard(String token) {
        this.token = token;
    }

    static FormGuard withRandomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return new FormGuard(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    String token() {
        return token;
    }

    /** Why the POST is refused, in plain words, or empty when it came from this page. */
    Optional<String> refusal(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        String referer = request.getHeader("Referer");
        String host = request.getHeader("Host");
        if (origin != null) {
            if (!sameAuthority(origin, host)) {
                return Optional.of("Refused: the request came from another site (" + origin + ").");
            }
        } else if (referer != null && !sameAuthority(referer, host)) {
            return Optional.of("Refused: the request came from another site.");
        }
        String given = request.getParameter(FIELD);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("Refused: the form was not sent from this page, or the page is out of date. "
                    + "Use the button below.");
        }
        return Optional.empty();
    }

    /**
     * Whether the URL names the host and port the request was sent to. The scheme is not compared: behind a
     * proxy that ends TLS the request reaches Karaf as http while the browser's origin is https.
     */
    private static boolean sameAuthority(String url, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            String authority = new URI(url.strip()).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.strip());
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
