package io.stkpush.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.websocket.CloseReason;
import javax.websocket.Session;

import io.stkpush.testing.Configs;

import org.junit.jupiter.api.Test;

/** The endpoint's own part: sessions the gate did not admit, configuration, and leaving nothing behind. */
class EventsEndpointTest {

    @Test
    void aSessionTheGateDidNotAdmitIsClosedAtOnce() {
        EventsEndpoint endpoint = new EventsEndpoint(Configs.of(EventsConfig.class, Map.of()));
        try {
            List<CloseReason> closes = new ArrayList<>();
            Session unchecked = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getUserPrincipal" -> null;
                        case "getId" -> "s1";
                        case "isOpen" -> true;
                        case "close" -> {
                            closes.add((CloseReason) args[0]);
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });

            endpoint.open(unchecked);

            assertEquals(1, closes.size());
            assertEquals(1008, closes.get(0).getCloseCode().getCode());
            assertEquals("Not admitted", closes.get(0).getReasonPhrase());
        } finally {
            endpoint.deactivate();
        }
    }

    @Test
    void stoppingLeavesNoThreadBehind() throws Exception {
        EventsEndpoint endpoint = new EventsEndpoint(Configs.of(EventsConfig.class, Map.of("heartbeatSeconds", 1)));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!eventsThreadAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20); // poll: the first heartbeat starts the thread
        }

        endpoint.deactivate();

        assertFalse(eventsThreadAlive());
    }

    @Test
    void nonsenseConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new EventsEndpoint(Configs.of(EventsConfig.class, Map.of("queueLimit", 0))));
        assertThrows(IllegalArgumentException.class,
                () -> new EventsEndpoint(Configs.of(EventsConfig.class, Map.of("heartbeatSeconds", 0))));
    }

    private static boolean eventsThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals(EventsEndpoint.THREAD) && t.isAlive());
    }
}
