package io.stkpush.portal.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.ws.rs.core.SecurityContext;

import io.stkpush.api.OperatorName;
import io.stkpush.host.OperatorRequest;

import org.junit.jupiter.api.Test;

/** Which requests count as coming from another site's page, who the operator is, and what the host is shown. */
class OperatorGateTest {

    @Test
    void readingIsNeverCrossSite() {
        assertFalse(OperatorGate.isCrossSite("GET", "https://evil.example", "portal.isp.co.ke", "cross-site"));
        assertFalse(OperatorGate.isCrossSite("HEAD", "https://evil.example", "portal.isp.co.ke", null));
        assertFalse(OperatorGate.isCrossSite("OPTIONS", "https://evil.example", "portal.isp.co.ke", null));
    }

    @Test
    void theSameHostAndPortIsTheSameSite() {
        assertFalse(OperatorGate.isCrossSite("POST", "http://localhost:8181", "localhost:8181", "same-origin"));
        assertFalse(OperatorGate.isCrossSite("POST", "https://Portal.ISP.co.ke", "portal.isp.co.ke", null));
        assertFalse(OperatorGate.isCrossSite("POST", "https://portal.isp.co.ke", "portal.isp.co.ke:443", null));
        assertFalse(OperatorGate.isCrossSite("POST", "http://[::1]:8181", "[::1]:8181", null));
    }

    @Test
    void clientsThatSendNoOriginAreNotBrowsersOnAnotherSite() {
        assertFalse(OperatorGate.isCrossSite("POST", null, "localhost:8181", null));
    }

    @Test
    void anotherHostPortOrAnOpaqueOriginIsCrossSite() {
        assertTrue(OperatorGate.isCrossSite("POST", "https://evil.example", "localhost:8181", null));
        assertTrue(OperatorGate.isCrossSite("POST", "http://localhost:9999", "localhost:8181", null));
        assertTrue(OperatorGate.isCrossSite("POST", "http://localhost", "localhost:8181", null));
        assertTrue(OperatorGate.isCrossSite("POST", "null", "localhost:8181", null));
        assertTrue(OperatorGate.isCrossSite("POST", "http://localhost:8181", null, null));
        assertTrue(OperatorGate.isCrossSite("DELETE", "not a url", "localhost:8181", null));
        assertTrue(OperatorGate.isCrossSite("POST", null, "localhost:8181", "cross-site"));
    }

    @Test
    void aWebSocketUpgradeFromAnotherSiteIsRefusedThoughItIsAGet() {
        assertTrue(OperatorGate.isFromAnotherSite("https://evil.example", "portal.isp.co.ke", null));
        assertTrue(OperatorGate.isFromAnotherSite(null, "portal.isp.co.ke", "cross-site"));
        assertFalse(OperatorGate.isFromAnotherSite("https://portal.isp.co.ke", "portal.isp.co.ke", "same-origin"));
        assertFalse(OperatorGate.isFromAnotherSite(null, "portal.isp.co.ke", null));
    }

    @Test
    void theOperatorIsTheOneTheGateRecognised() {
        SecurityContext recognised = OperatorGate.securityContext(new OperatorName("grace"), true);
        assertEquals(Optional.of(new OperatorName("grace")), OperatorGate.operator(recognised));
        assertEquals("grace", recognised.getUserPrincipal().getName());
        assertTrue(recognised.isSecure());

        assertEquals(Optional.empty(), OperatorGate.operator(null));
        assertEquals(Optional.empty(), OperatorGate.operator(someoneElse()));
    }

    @Test
    void aHandshakesHeadersBecomeTheHostsRequestWithItsCookies() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("Authorization", List.of("Basic b3BlcmF0b3I6b3BlcmF0b3I="));
        headers.put("Cookie", List.of("session=abc123; theme=\"dark\"; $Path=/", "session=older; lang=sw"));
        headers.put("Sec-WebSocket-Key", Arrays.asList("dGhlIHNhbXBsZSBub25jZQ==", null));

        OperatorRequest request = OperatorGate.request(headers);

        assertEquals("Basic b3BlcmF0b3I6b3BlcmF0b3I=", request.header("authorization"));
        assertEquals(List.of("dGhlIHNhbXBsZSBub25jZQ=="), request.headers().get("sec-websocket-key"));
        assertEquals(Map.of("session", "abc123", "theme", "dark", "lang", "sw"), request.cookies());
    }

    @Test
    void headersWithoutValuesAndNamesInAnyCaseAreTaken() {
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("X-Forwarded-User", null);
        headers.put("x-operator", List.of("a"));
        headers.put("X-Operator", List.of("b"));

        OperatorRequest request = OperatorGate.request(headers, Map.of("session", "abc123"));

        assertEquals(List.of(), request.headers().get("x-forwarded-user"));
        assertEquals(2, request.headers().get("x-operator").size());
        assertNull(request.header("cookie"));
        assertEquals(Map.of("session", "abc123"), request.cookies());
    }

    /** A security context some other filter set: it names someone, but the gate did not recognise them. */
    private static SecurityContext someoneElse() {
        return (SecurityContext) Proxy.newProxyInstance(SecurityContext.class.getClassLoader(),
                new Class<?>[] {SecurityContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getUserPrincipal" -> (Principal) () -> "grace";
                    case "isUserInRole" -> true;
                    default -> null;
                });
    }

    @Test
    void theHostsLoginGivesAnOperatorNobodyOrNoAnswer() {
        OperatorRequest request = OperatorGate.request(Map.of());
        OperatorName alice = new OperatorName("alice");

        assertEquals(new OperatorLogin.Operator(alice), OperatorGate.login(r -> Optional.of(alice), request));
        assertEquals(new OperatorLogin.Nobody(), OperatorGate.login(r -> Optional.empty(), request));
        assertEquals(new OperatorLogin.Unavailable("Operator login is not available right now: the host's login"
                + " service is not running."), OperatorGate.login(null, request));
        assertEquals(new OperatorLogin.Unavailable("Operator login is not available right now. Try again in a"
                + " minute."), OperatorGate.login(r -> {
                    throw new IllegalStateException("JAAS realm is down");
                }, request));
    }
}
