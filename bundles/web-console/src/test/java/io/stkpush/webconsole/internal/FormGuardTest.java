package io.stkpush.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.http.HttpServletRequest;

import org.junit.jupiter.api.Test;

class FormGuardTest {

    private final FormGuard guard = new FormGuard("t0ken");

    @Test
    void theFormFromThisPageIsAccepted() {
        assertEquals(Optional.empty(), guard.refusal(post("t0ken", "Origin", "http://karaf.example.net:8181",
                "Referer", "http://karaf.example.net:8181/system/console/stkpush")));
    }

    @Test
    void withoutOriginOrRefererTheTokenDecides() {
        assertEquals(Optional.empty(), guard.refusal(post("t0ken")));
        assertTrue(guard.refusal(post("wrong")).isPresent());
    }

    @Test
    void aPostWithoutTheTokenOrWithAnOldOneIsRefused() {
        assertEquals(Optional.of("Refused: the form was not sent from this page, or the page is out of date. "
                + "Use the button below."), guard.refusal(post(null, "Origin", "http://karaf.example.net:8181")));
        assertTrue(guard.refusal(post("t0ken-from-before", "Origin", "http://karaf.example.net:8181")).isPresent());
    }

    @Test
    void anotherSitesFormIsRefusedEvenWithTheToken() {
        assertEquals(Optional.of("Refused: the request came from another site (https://evil.example.com)."),
                guard.refusal(post("t0ken", "Origin", "https://evil.example.com")));
        assertTrue(guard.refusal(post("t0ken", "Origin", "http://karaf.example.net:8182")).isPresent());
        assertTrue(guard.refusal(post("t0ken", "Origin", "null")).isPresent());
    }

    @Test
    void withoutOriginTheRefererMustBeThisServer() {
        assertTrue(guard.refusal(post("t0ken", "Referer", "https://evil.example.com/karaf.example.net:8181"))
                .isPresent());
        assertEquals(Optional.empty(),
                guard.refusal(post("t0ken", "Referer", "http://KARAF.example.net:8181/system/console/stkpush")));
    }

    @Test
    void theSchemeMayDifferBehindAProxyThatEndsTls() {
        assertEquals(Optional.empty(), guard.refusal(post("t0ken", "Origin", "https://karaf.example.net:8181")));
    }

    @Test
    void eachStartHasItsOwnUnguessableToken() {
        String token = FormGuard.withRandomToken().token();

        assertNotEquals(token, FormGuard.withRandomToken().token());
        assertTrue(token.length() >= 32, token);
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    /** A POST to karaf.example.net:8181 with the form's token and these headers. */
    static HttpServletRequest post(String token, String... headers) {
        Map<String, String> h = new HashMap<>();
        h.put("host", "karaf.example.net:8181");
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i].toLowerCase(), headers[i + 1]);
        }
        return (HttpServletRequest) Proxy.newProxyInstance(HttpServletRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> h.get(((String) args[0]).toLowerCase());
                    case "getParameter" -> FormGuard.FIELD.equals(args[0]) ? token : null;
                    case "getMethod" -> "POST";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
