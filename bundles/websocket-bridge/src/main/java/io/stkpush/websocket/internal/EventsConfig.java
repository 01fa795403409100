package io.stkpush.websocket.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.stkpush.events} ({@code etc/io.stkpush.events.cfg}). A change restarts the endpoint:
 * open pages are closed with 1001 and reconnect.
 */
@ObjectClassDefinition(id = EventsEndpoint.PID, name = "stkpush live events",
        description = "The WebSocket /stkpush/events, which tells operators' pages about payments as they happen.")
public @interface EventsConfig {

    @AttributeDefinition(name = "Heartbeat (seconds)", description = "A heartbeat goes to every page this often, so"
            + " proxies keep the connection open and a page that is gone is found. A page that takes nothing for three"
            + " heartbeats is closed.", min = "1")
    int heartbeatSeconds() default 25;

    @AttributeDefinition(name = "Queue limit", description = "Messages that may wait for one page. A page that falls"
            + " further behind is closed (code 1008) so it never slows anyone else; it reconnects and refreshes.",
            min = "1")
    int queueLimit() default 256;
}
