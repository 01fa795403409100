package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which requests count as coming from another site's page. */
class OperatorFilterTest {

    @Test
    void readingIsNeverCrossSite() {
        assertFalse(OperatorFilter.isCrossSite("GET", "https://evil.example", "portal.isp.co.ke", "cross-site"));
        assertFalse(OperatorFilter.isCrossSite("HEAD", "https://evil.example", "portal.isp.co.ke", null));
        assertFalse(OperatorFilter.isCrossSite("OPTIONS", "https://evil.example", "portal.isp.co.ke", null));
    }

    @Test
    void theSameHostAndPortIsTheSameSite() {
        assertFalse(OperatorFilter.isCrossSite("POST", "http://localhost:8181", "localhost:8181", "same-origin"));
        assertFalse(OperatorFilter.isCrossSite("POST", "https://Portal.ISP.co.ke", "portal.isp.co.ke", null));
        assertFalse(OperatorFilter.isCrossSite("POST", "https://portal.isp.co.ke", "portal.isp.co.ke:443", null));
        assertFalse(OperatorFilter.isCrossSite("POST", "http://[::1]:8181", "[::1]:8181", null));
    }

    @Test
    void clientsThatSendNoOriginAreNotBrowsersOnAnotherSite() {
        assertFalse(OperatorFilter.isCrossSite("POST", null, "localhost:8181", null));
    }

    @Test
    void anotherHostPortOrAnOpaqueOriginIsCrossSite() {
        assertTrue(OperatorFilter.isCrossSite("POST", "https://evil.example", "localhost:8181", null));
        assertTrue(OperatorFilter.isCrossSite("POST", "http://localhost:9999", "localhost:8181", null));
        assertTrue(OperatorFilter.isCrossSite("POST", "http://localhost", "localhost:8181", null));
        assertTrue(OperatorFilter.isCrossSite("POST", "null", "localhost:8181", null));
        assertTrue(OperatorFilter.isCrossSite("POST", "http://localhost:8181", null, null));
        assertTrue(OperatorFilter.isCrossSite("DELETE", "not a url", "localhost:8181", null));
        assertTrue(OperatorFilter.isCrossSite("POST", null, "localhost:8181", "cross-site"));
    }
}
