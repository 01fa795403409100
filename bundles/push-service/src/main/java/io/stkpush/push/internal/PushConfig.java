package io.stkpush.push.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.stkpush.push} ({@code etc/io.stkpush.push.cfg}). The waiting window and the first
 * status query are the poller's ({@code io.stkpush.poller}).
 */
@ObjectClassDefinition(id = PushSettings.PID, name = "stkpush push service",
        description = "What the phone shows with each payment prompt. The operator's waiting window is set in the"
                + " poller's configuration (io.stkpush.poller).")
public @interface PushConfig {

    @AttributeDefinition(name = "Account reference fallback",
            description = "Shown on the phone when the subscriber's account number is unknown (the subscriber's"
                    + " account number, cut to 12 characters, is used otherwise). Empty: the provider's own"
                    + " configured reference.", required = false)
    String accountReference() default "";

    @AttributeDefinition(name = "Description",
            description = "The short description sent with each prompt (at most 13 characters).")
    String description() default "Internet";
}
