package io.stkpush.push.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.stkpush.push} ({@code etc/io.stkpush.push.cfg}). */
@ObjectClassDefinition(id = PushSettings.PID, name = "stkpush push service",
        description = "How payment prompts are sent: the operator's waiting window and what the phone shows.")
public @interface PushConfig {

    @AttributeDefinition(name = "Waiting window (seconds)",
            description = "How long the operator's dialog waits for an answer before it shows TIMEOUT. The server"
                    + " keeps reconciling the push afterwards.", min = "10", max = "3600")
    int waitingWindowSeconds() default 96;

    @AttributeDefinition(name = "First status query after (seconds)",
            description = "When the poller first asks M-Pesa how an accepted prompt stands.", min = "1", max = "600")
    int firstPollSeconds() default 8;

    @AttributeDefinition(name = "Account reference fallback",
            description = "Shown on the phone when the subscriber's account number is unknown (the subscriber's"
                    + " account number, cut to 12 characters, is used otherwise). Empty: the provider's own"
                    + " configured reference.", required = false)
    String accountReference() default "";

    @AttributeDefinition(name = "Description",
            description = "The short description sent with each prompt (at most 13 characters).")
    String description() default "Internet";
}
