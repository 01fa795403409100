package io.stkpush.poller.internal;

import java.time.Duration;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.PushSchedule;

/**
 * {@link PushSchedule} from the poller's own configuration, so the operator's window and the first query follow
 * the interval the poller asks at. Its own component, apart from the poller, so that the push service (which the
 * poller uses) can hold it. A change applies in place: the service is not re-registered, so the push service,
 * which references it statically, keeps running and stamps the next push with the new window. The metatype is
 * designated once, on {@link PollingSchedulerComponent}.
 */
@Component(service = PushSchedule.class, configurationPid = PollingSchedulerComponent.PID, immediate = true)
public class PushScheduleComponent implements PushSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(PushScheduleComponent.class);

    /** Both durations come from one schedule, so a change moves them together. */
    private volatile PollingSchedule schedule;

    @Activate
    public PushScheduleComponent(PollerConfig config) {
        this.schedule = schedule(config, PollingSchedule.SHIPPED);
    }

    @Modified
    void modified(PollerConfig config) {
        PollingSchedule changed = schedule(config, schedule);
        schedule = changed;
        LOG.info("Waiting window now {} s, first status query {} s after acceptance",
                changed.waitingWindow().toSeconds(), changed.firstPoll().toSeconds());
    }

    /** A bad value keeps what applies now rather than taking the push service away from the operators. */
    private static PollingSchedule schedule(PollerConfig config, PollingSchedule fallback) {
        try {
            return PollingSchedule.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; keeping a {} s waiting window, first status query after {} s", e.getMessage(),
                    fallback.waitingWindow().toSeconds(), fallback.firstPoll().toSeconds());
            return fallback;
        }
    }

    @Override
    public Duration waitingWindow() {
        return schedule.waitingWindow();
    }

    @Override
    public Duration firstPoll() {
        return schedule.firstPoll();
    }
}
