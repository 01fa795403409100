package io.stkpush.daraja.client.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code io.stkpush.daraja} ({@code etc/io.stkpush.daraja.cfg}). */
@ObjectClassDefinition(id = DarajaSettings.PID, name = "stkpush Daraja (M-Pesa)",
        description = "How stkpush talks to Safaricom's Daraja API: credentials, short code, Paybill or Till,"
                + " timeouts and rate limit.")
public @interface DarajaConfig {

    @AttributeDefinition(name = "Environment", description = "Which Daraja to use.",
            options = {
                @Option(value = "sandbox", label = "Sandbox (https://sandbox.safaricom.co.ke)"),
                @Option(value = "production", label = "Production (https://api.safaricom.co.ke)"),
                @Option(value = "custom", label = "Custom base URL (for example the simulator)")
            })
    String environment() default "sandbox";

    @AttributeDefinition(name = "Base URL", required = false,
            description = "Only for environment custom, e.g. http://localhost:8181/daraja-sim.")
    String baseUrl() default "";

    @AttributeDefinition(name = "Consumer key", description = "From the Daraja app.")
    String consumerKey() default "";

    @AttributeDefinition(name = "Consumer secret", type = AttributeType.PASSWORD, description = "From the Daraja app.")
    String consumerSecret() default "";

    @AttributeDefinition(name = "Short code",
            description = "BusinessShortCode, 5 to 7 digits: the Paybill number, or for a Till the head office or"
                    + " store number the passkey was issued for.")
    String shortCode() default "";

    @AttributeDefinition(name = "Passkey", type = AttributeType.PASSWORD,
            description = "The Lipa na M-Pesa Online passkey for the short code.")
    String passkey() default "";

    @AttributeDefinition(name = "Mode",
            options = {
                @Option(value = "paybill", label = "Paybill (CustomerPayBillOnline, PartyB = short code)"),
                @Option(value = "till", label = "Till (CustomerBuyGoodsOnline, PartyB = till number)")
            })
    String mode() default "paybill";

    @AttributeDefinition(name = "Till number (PartyB)", required = false, description = "Only for mode till.")
    String partyB() default "";

    @AttributeDefinition(name = "Callback base URL", required = false,
            description = "Public base address M-Pesa calls back, e.g. https://billing.example.com. Relative callback"
                    + " and C2B URLs are resolved against it. Must not contain words M-Pesa refuses (mpesa,"
                    + " safaricom, query, sql, exe, cmd). Must be https for sandbox and production; http only for"
                    + " custom.")
    String callbackBaseUrl() default "";

    @AttributeDefinition(name = "Account reference",
            description = "Shown on the phone when the push has none of its own; 1 to 12 letters or digits.")
    String accountReference() default "Internet";

    @AttributeDefinition(name = "Description", description = "TransactionDesc, 1 to 13 characters.")
    String transactionDesc() default "Internet bill";

    @AttributeDefinition(name = "Connect timeout (seconds)", min = "1", max = "300")
    int connectTimeout() default 10;

    @AttributeDefinition(name = "Read timeout (seconds)", min = "1", max = "300",
            description = "A push whose answer does not come in time is reported as unknown, not failed.")
    int readTimeout() default 30;

    @AttributeDefinition(name = "Requests per second", min = "1", max = "100000",
            description = "This node's share of Daraja's rate limit, for every call (token, push, status query). Pushes"
                    + " wait for a turn; status queries never do (see the next setting).")
    int requestsPerSecond() default 5;

    @AttributeDefinition(name = "Status queries per second", min = "1", max = "100000",
            description = "The part of requestsPerSecond status queries may use. A query waits up to a second for"
                    + " a turn of this budget, then goes only if a turn of requestsPerSecond is free at once: it never"
                    + " waits in front of a push; refused, it is asked again a little later. At most"
                    + " requestsPerSecond - 1 is used, so pushes always keep a share.")
    int statusQueriesPerSecond() default 2;

    @AttributeDefinition(name = "Busy retries", min = "0", max = "10",
            description = "Retries when M-Pesa answers system busy, spike arrest or quota (500.003.02/03).")
    int busyRetries() default 2;

    @AttributeDefinition(name = "Busy retry delay (milliseconds)", min = "0", max = "60000",
            description = "Wait before the first busy retry; doubled for each further one.")
    int busyRetryDelayMillis() default 1000;
}
