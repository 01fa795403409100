package io.stkpush.daraja.simulator.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code io.stkpush.daraja.simulator}; every change applies live. */
@ObjectClassDefinition(name = "stkpush Daraja simulator",
        description = "A stand-in for Safaricom's Daraja sandbox under /daraja-sim, with a virtual phone at "
                + "/daraja-sim/phone. For demos and tests only.")
@interface SimulatorConfig {

    String PID = "io.stkpush.daraja.simulator";

    @AttributeDefinition(name = "Short code", description = "The Lipa na M-Pesa short code whose passkey is "
            + "checked (BusinessShortCode). Any other short code answers 'Merchant does not exist'.")
    String shortCode() default "174379";

    @AttributeDefinition(name = "Passkey", type = AttributeType.PASSWORD,
            description = "Password = Base64(shortCode + passkey + Timestamp). Default: Daraja's public sandbox passkey.")
    String passkey() default "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

    @AttributeDefinition(name = "Business name", description = "Shown in the prompt on the virtual phone.")
    String businessName() default "Demo ISP";

    @AttributeDefinition(name = "Consumer key", required = false,
            description = "Empty: any consumer key and secret get a token.")
    String consumerKey() default "";

    @AttributeDefinition(name = "Consumer secret", type = AttributeType.PASSWORD, required = false,
            description = "Empty: any consumer key and secret get a token.")
    String consumerSecret() default "";

    @AttributeDefinition(name = "M-PESA PIN", description = "The PIN that pays on the virtual phone; any other "
            + "PIN ends the prompt with 2001 (wrong PIN).")
    String pin() default "1234";

    @AttributeDefinition(name = "Success delay (ms)", description = "How long scripted outcomes take "
            + "(all scenarios except 04 and 08).")
    long successDelay() default 2000;

    @AttributeDefinition(name = "Prompt lifetime (ms)", description = "An unanswered prompt ends with 1037 "
            + "(no response from user) after this long; scenario 04 too.")
    long promptLifetime() default 60000;

    @AttributeDefinition(name = "Late success delay (ms)", description = "Scenario 08 pays after this long, "
            + "beyond the operator's 96 s window.")
    long lateSuccessDelay() default 120000;

    @AttributeDefinition(name = "Lost answer hold (ms)", description = "Scenario 13 holds the answer to the "
            + "push this long, then answers 504 with an empty body: longer than the client's read timeout, the "
            + "answer is lost for it. The prompt is paid after the late success delay all the same.")
    long lostAnswerHold() default 35000;

    @AttributeDefinition(name = "Token lifetime (s)", description = "OAuth token validity; expires_in is one "
            + "second less, as Daraja answers 3599 for 3600.")
    long tokenLifetime() default 3600;

    @AttributeDefinition(name = "New token invalidates the previous one", description = "Daraja's FAQ says "
            + "each token request invalidates the previous token of the app; community reports are mixed.")
    boolean invalidatePreviousToken() default false;

    @AttributeDefinition(name = "STK payments also notify C2B", description = "As on a real Paybill: a paid "
            + "CustomerPayBillOnline push is also sent to the C2B confirmation URL registered for its short "
            + "code (TransID = MpesaReceiptNumber, BillRefNumber = AccountReference). Not in scenario 05.")
    boolean c2bConfirmsStkPayments() default true;

    @AttributeDefinition(name = "Fault rate (%)", description = "Share of Daraja calls (token, STK push, STK "
            + "query, C2B register) that get a fault instead of the normal answer, 0-100. 0: none.")
    double faultRate() default 0;

    @AttributeDefinition(name = "Fault kinds", description = "Comma list the faults are drawn from, uniformly: "
            + "server_error (500/503; on a push half of them after the prompt went out), timeout (the work is "
            + "done, the answer held for the fault hold, then 504 empty), slow (the right answer after the slow "
            + "answer delay), spike_arrest (500.003.02, nothing done), token_invalid (404.001.03 for a valid "
            + "token, nothing done), malformed (the work is done, then 200 with a body that is not JSON).")
    String faults() default FaultSettings.ALL_KINDS;

    @AttributeDefinition(name = "Fault hold (ms)", description = "How long a timeout fault holds the answer "
            + "before the 504: longer than the client's read timeout.")
    long faultHoldMillis() default 35000;

    @AttributeDefinition(name = "Slow answer (ms)", description = "How long a slow fault delays the right answer.")
    long slowAnswerMillis() default 3000;

    @AttributeDefinition(name = "Rate limit per second", description = "More Daraja calls than this within one "
            + "second are answered with spike arrest (500.003.02), nothing done, whatever the fault rate. 0: off.")
    int rateLimitPerSecond() default 0;

    @AttributeDefinition(name = "Fault seed", description = "Seed of the fault draws, so a run can be repeated "
            + "(DELETE /daraja-sim/ledger starts them again). 0: random.")
    long faultSeed() default 0;

    // ---- realistic subscribers: off by default, so every scripted scenario keeps its behaviour

    @AttributeDefinition(name = "Realistic mode", description = "Which prompts realistic subscribers answer, "
            + "with a drawn outcome after a drawn delay and a callback a drawn moment later (a share never comes). "
            + "off: none; unscripted: numbers without a scripted scenario (instead of the virtual phone), 00-13 "
            + "keep theirs; all: every number, the last two digits mean nothing.",
            options = {@Option(label = "off", value = "off"), @Option(label = "unscripted", value = "unscripted"),
                    @Option(label = "all", value = "all")})
    String realisticMode() default "off";

    @AttributeDefinition(name = "Answer delay min (ms)", description = "Shortest time from the push to the "
            + "subscriber's answer; drawn uniformly up to the max.")
    long answerDelayMinMillis() default 5000;

    @AttributeDefinition(name = "Answer delay max (ms)", description = "Longest time from the push to the "
            + "subscriber's answer. Keep it below the prompt lifetime: a later answer ends as 1037.")
    long answerDelayMaxMillis() default 40000;

    @AttributeDefinition(name = "Callback delay min (ms)", description = "Shortest time from the answer to its "
            + "callback; drawn uniformly up to the max. The status query tells the result from the answer on.")
    long callbackDelayMinMillis() default 500;

    @AttributeDefinition(name = "Callback delay max (ms)", description = "Longest time from the answer to its "
            + "callback.")
    long callbackDelayMaxMillis() default 3000;

    @AttributeDefinition(name = "Paid (%)", description = "Share of realistic prompts paid (0, receipt). The five "
            + "shares are weights: percent when they add up to 100.")
    double paidPercent() default 80;

    @AttributeDefinition(name = "Cancelled (%)", description = "Share cancelled by the subscriber (1032).")
    double cancelledPercent() default 8;

    @AttributeDefinition(name = "Wrong PIN (%)", description = "Share ended by a wrong PIN (2001).")
    double wrongPinPercent() default 4;

    @AttributeDefinition(name = "Insufficient balance (%)", description = "Share declined for insufficient "
            + "balance (1).")
    double insufficientPercent() default 3;

    @AttributeDefinition(name = "No answer (%)", description = "Share nobody answers: 1037 when the prompt "
            + "lifetime is over.")
    double noAnswerPercent() default 5;

    @AttributeDefinition(name = "Lost callbacks (%)", description = "Percent (0-100) of realistic prompts whose "
            + "callback never comes (nor a C2B confirmation); the status query and the simulator's ledger tell.")
    double lostCallbackPercent() default 5;

    @AttributeDefinition(name = "Realistic seed", description = "Seed of the subscribers' draws, so a run can be "
            + "repeated (a change of these settings or DELETE /daraja-sim/ledger starts them again). 0: random.")
    long realisticSeed() default 0;
}
