package io.stkpush.callback.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code io.stkpush.callback}; every change applies live. */
@ObjectClassDefinition(name = "stkpush callbacks",
        description = "How the URLs M-Pesa calls back (/hooks/daraja/...) are protected: Daraja signs nothing, so "
                + "each URL carries a token only this server can make, and the sender's address can be checked.")
@interface CallbackConfig {

    String PID = "io.stkpush.callback";

    @AttributeDefinition(name = "HMAC key", type = AttributeType.PASSWORD, required = false,
            description = "Secret behind the tokens in the callback URLs. Empty: a random key is generated on first "
                    + "start and saved here. Several nodes behind one address must be given the same key. Changing "
                    + "it invalidates the URLs of pushes in flight and the registered C2B URLs.")
    String hmacKey() default "";

    @AttributeDefinition(name = "Source address check",
            description = "enforce: refuse callbacks from addresses outside the allow list (403); log: accept them "
                    + "with a warning; off: no check.",
            options = {
                @Option(label = "enforce", value = "enforce"),
                @Option(label = "log", value = "log"),
                @Option(label = "off", value = "off")
            })
    String allowListMode() default "log";

    @AttributeDefinition(name = "Allowed source addresses",
            description = "Addresses or CIDR ranges (196.201.214.0/24) M-Pesa calls back from. Default: the 12 "
                    + "addresses widely attributed to Safaricom (not in Daraja's current documentation).")
    String[] allowList() default {
        "196.201.214.200", "196.201.214.206", "196.201.213.114", "196.201.214.207", "196.201.214.208",
        "196.201.213.44", "196.201.212.127", "196.201.212.138", "196.201.212.129", "196.201.212.136",
        "196.201.212.74", "196.201.212.69"
    };

    @AttributeDefinition(name = "Trusted proxies", required = false,
            description = "Addresses or CIDR ranges of reverse proxies in front of Karaf. Only from these is "
                    + "X-Forwarded-For read (the right-most address that is not a trusted proxy is the sender).")
    String[] trustedProxies() default {};

    @AttributeDefinition(name = "Largest body (bytes)", min = "1024",
            description = "Larger requests are refused with 413 (and journaled, truncated).")
    int maxBodyBytes() default 65536;

    @AttributeDefinition(name = "Register the C2B URLs",
            description = "On start (and when this is switched on), register the C2B confirmation and validation "
                    + "URLs for the configured short code through the Daraja client, whose callbackBaseUrl makes them "
                    + "absolute. Production registers once per short code; changing them later needs Safaricom's "
                    + "portal.")
    boolean registerC2bUrls() default false;

    @AttributeDefinition(name = "C2B API version",
            description = "Must match the C2B product enabled on the Daraja app (the other one is refused).",
            options = {
                @Option(label = "v1 (MSISDN hashed)", value = "v1"),
                @Option(label = "v2 (MSISDN masked)", value = "v2")
            })
    String c2bApiVersion() default "v2";

    @AttributeDefinition(name = "Spool directory", required = false,
            description = "Where callbacks are kept on local disk while the payment ledger cannot take them (they are "
                    + "answered as received once on disk, and replayed in order when it answers again). Empty: "
                    + "${karaf.data}/stkpush/callback-spool. Each node needs its own: never a shared directory.")
    String spoolDirectory() default "";

    @AttributeDefinition(name = "Unprocessed after (seconds)", min = "30",
            description = "A callback journaled and still not processed this long after it arrived (Karaf was killed "
                    + "between the two) is finished by the journal janitor, which looks every 3 minutes. Long enough "
                    + "that no live request is still being processed; at least 30.")
    long unprocessedAfterSeconds() default 120;
}
