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

    /**
     * Safaricom's ranges as the Communications Authority of Kenya allocated them (Wikipedia, "Telephone numbers in
     * Kenya"); 073x, 0744, 0747, 0750-0756, 0760-0767, 077x, 078x and 010x belong to other networks. A range
     * wrongly listed costs a refusal from Daraja; one missing refuses real customers, so 0749 is kept in.
     */
    @AttributeDefinition(name = "Safaricom prefixes", required = false,
            description = "STK Push only reaches Safaricom lines: a number whose first digits after 254 match none"
                    + " of these is refused before anything is recorded or sent. Prefixes or ranges of equal length,"
                    + " e.g. 71, 110 or 740-743 (0711 and 254711 are read as 711). Add a range Safaricom opens;"
                    + " empty: no check.")
    String[] safaricomPrefixes() default { "70", "71", "72", "740-743", "745", "746", "748", "749", "757-759",
        "768", "769", "79", "110-115" };
}
