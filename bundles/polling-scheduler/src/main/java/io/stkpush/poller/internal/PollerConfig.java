package io.stkpush.poller.internal;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration PID {@code io.stkpush.poller} ({@code etc/io.stkpush.poller.cfg}): the one waiting and polling
 * policy. Kept at run time so {@link PollingSchedule#SHIPPED} can read the defaults declared here.
 */
@ObjectClassDefinition(id = PollingSchedulerComponent.PID, name = "stkpush status poller",
        description = "How long the operator waits for a prompt, and when M-Pesa is asked how it stands: only once"
                + " its callback is overdue, then while the operator waits, then on a slower reconciliation schedule"
                + " until a final answer or the give-up limit.")
@Retention(RetentionPolicy.RUNTIME)
public @interface PollerConfig {

    @AttributeDefinition(name = "Interval (seconds)", description = "The operator's dialog asks stkpush at this"
            + " pace; with attempts, it makes the waiting window.", min = "1")
    int intervalSeconds() default 8;

    @AttributeDefinition(name = "Attempts", description = "The operator waits interval x attempts (96 s as"
            + " shipped); then the dialog shows a timeout and reconciliation goes on.", min = "1")
    int attempts() default 12;

    @AttributeDefinition(name = "First status query (seconds)", description = "Seconds after sending when M-Pesa is"
            + " first asked, because the callback is overdue: subscribers answer within about 40 s and the callback"
            + " follows within seconds, so most pushes are never queried.", min = "1")
    int firstQuerySeconds() default 45;

    @AttributeDefinition(name = "Status query interval (seconds)", description = "Time between status queries"
            + " while the operator waits.", min = "1")
    int queryIntervalSeconds() default 15;

    @AttributeDefinition(name = "Jitter (percent)", description = "Each delay is spread up or down by up to this"
            + " share, so pushes sent together are not asked about in the same second.", min = "0", max = "50")
    int jitterPercent() default 20;

    @AttributeDefinition(name = "Reconciliation back-off (seconds)", description = "Delays between"
            + " queries after the waiting window, comma separated, which one by the time since the window ended; the"
            + " last one repeats until the give-up limit.")
    String reconciliationBackoff() default "60,300,1800,7200,86400";

    @AttributeDefinition(name = "Give up after (hours)", description = "Hours after the push was sent when"
            + " polling stops and the push is left for review.", min = "1")
    int giveUpAfterHours() default 72;

    @AttributeDefinition(name = "Threads", description = "Status queries made at once by this node.", min = "1",
            max = "32")
    int threads() default 2;

    @AttributeDefinition(name = "Lease (seconds)", description = "How long this node holds a due push while it"
            + " queries it; another node takes it over after that.", min = "5")
    int leaseSeconds() default 30;

    @AttributeDefinition(name = "Tick (milliseconds)", description = "How often this node looks for due work.",
            min = "100")
    long tickMillis() default 1000;

    @AttributeDefinition(name = "Batch size", description = "Pushes taken per tick.", min = "1", max = "500")
    int batchSize() default 20;

    @AttributeDefinition(name = "Node id", description = "This node's name on the leases it holds. Empty: the"
            + " host name plus a random suffix.", required = false)
    String nodeId() default "";
}
