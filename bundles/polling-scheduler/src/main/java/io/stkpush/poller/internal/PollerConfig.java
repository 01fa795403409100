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
        description = "How often M-Pesa is asked how a prompt stands: quickly while the operator waits (the quick"
                + " queries make the waiting window), then on a slower reconciliation schedule until a final answer or"
                + " the give-up limit.")
@Retention(RetentionPolicy.RUNTIME)
public @interface PollerConfig {

    @AttributeDefinition(name = "Interval (seconds)", description = "Time between status queries while the"
            + " operator waits; also the delay before the first one.", min = "1")
    int intervalSeconds() default 8;

    @AttributeDefinition(name = "Attempts", description = "Status queries at that interval before the"
            + " reconciliation back-off starts. The operator waits interval x attempts (96 s as shipped).", min = "1")
    int attempts() default 12;

    @AttributeDefinition(name = "Reconciliation back-off (seconds)", description = "Delays after the quick"
            + " attempts, comma separated; the last one repeats until the give-up limit.")
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
