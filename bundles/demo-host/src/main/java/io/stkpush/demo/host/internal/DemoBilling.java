package io.stkpush.demo.host.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentId;
import io.stkpush.api.SubscriberId;
import io.stkpush.host.Plan;
import io.stkpush.host.RenewalResult;
import io.stkpush.host.RenewalService;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo host's billing records as the host-api services, on the {@code stkpush} DataSource. Its tables are
 * migrated and seeded while the component activates, so no one gets the services before the data is there.
 */
@Component(service = {SubscriberDirectory.class, RenewalService.class}, immediate = true)
public class DemoBilling implements SubscriberDirectory, RenewalService {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBilling.class);

    private final JdbcSubscriberDirectory subscribers;
    private final JdbcRenewalService renewals;

    @Activate
    public DemoBilling(@Reference(name = "dataSource", target = "(dataSourceName=stkpush)") DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    DemoBilling(DataSource dataSource, Clock clock) {
        DemoHostSchema.migrate(dataSource);
        DemoSeed.seed(dataSource, clock);
        this.subscribers = new JdbcSubscriberDirectory(dataSource);
        this.renewals = new JdbcRenewalService(dataSource, clock);
        LOG.info("Demo host ready: {} plans", renewals.plans().size());
    }

    @Override
    public List<Subscriber> search(String query, int limit) {
        return subscribers.search(query, limit);
    }

    @Override
    public Optional<Subscriber> find(SubscriberId id) {
        return subscribers.find(id);
    }

    @Override
    public Optional<Subscriber> findByAccount(String account) {
        return subscribers.findByAccount(account);
    }

    @Override
    public List<Plan> plans() {
        return renewals.plans();
    }

    @Override
    public Optional<Plan> plan(String planId) {
        return renewals.plan(planId);
    }

    @Override
    public RenewalResult renew(SubscriberId subscriberId, String planId, PaymentId paymentId, OperatorName operator) {
        return renewals.renew(subscriberId, planId, paymentId, operator);
    }
}
