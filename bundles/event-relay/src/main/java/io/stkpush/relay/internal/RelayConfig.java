package io.stkpush.relay.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.stkpush.relay} ({@code etc/io.stkpush.relay.cfg}). */
@ObjectClassDefinition(id = EventRelayComponent.PID, name = "stkpush event relay",
        description = "Payment events across Karaf nodes sharing one PostgreSQL: each node announces its events"
                + " with NOTIFY and hears the others' with LISTEN, so an operator connected to any node sees them."
                + " Does nothing on the embedded H2 database (one node).")
public @interface RelayConfig {

    @AttributeDefinition(name = "Enabled", description = "Off: operators see only the events of the node they are"
            + " connected to.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Channel", description = "The PostgreSQL notification channel, the same on every"
            + " node: lower-case letters, digits and underscores, at most 63.")
    String channel() default "stkpush_events";
}
