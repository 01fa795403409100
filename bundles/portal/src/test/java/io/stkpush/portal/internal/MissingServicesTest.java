package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import javax.ws.rs.core.Response;

import io.stkpush.api.PushId;
import io.stkpush.host.SubscriberDirectory;

import org.junit.jupiter.api.Test;

/** The push service and the host's directory are optional references: while one is missing, 503 in words. */
class MissingServicesTest {

    private static final String NO_PUSHES = "STK Push is not available right now: the push service is not running.";

    @Test
    void withoutThePushServiceThePushEndpointsAre503() {
        PushResource resource = new PushResource(null, new InMemoryDirectory());

        assertUnavailable(NO_PUSHES, resource.status(PushId.random().toString()));
        assertUnavailable(NO_PUSHES, resource.needingReview("true", null));
        assertUnavailable("Payments are not available right now: the push service is not running.",
                new PaymentResource(null, new InMemoryDirectory()).payments(null, null, null, null, null));
    }

    @Test
    void withoutTheDirectorySubscribersCannotBeFound() {
        SubscriberDirectory none = null;

        assertUnavailable(Subscribers.NO_DIRECTORY, new SubscriberResource(none).search("grace", null));
        assertUnavailable(Subscribers.NO_DIRECTORY, new SubscriberResource(none).subscriber("sub-0001"));
    }

    private static void assertUnavailable(String message, Response response) {
        assertEquals(503, response.getStatus());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) response.getEntity();
        assertEquals("unavailable", body.get("error"));
        assertEquals(message, body.get("message"));
    }
}
