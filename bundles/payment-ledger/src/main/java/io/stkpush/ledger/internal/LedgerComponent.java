package io.stkpush.ledger.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.JournalArchive;
import io.stkpush.api.LedgerHealthCheck;
import io.stkpush.api.LedgerOverview;
import io.stkpush.api.PollLeases;
import io.stkpush.api.ProviderJournal;
import io.stkpush.api.PushLedger;
import io.stkpush.api.provider.SharedToken;
import io.stkpush.api.provider.SharedTokens;

/**
 * The ledger as OSGi services, its five roles registered by one component, on the {@code stkpush} DataSource from
 * pax-jdbc. The schema is migrated while the component activates, so no one gets a service before the tables are
 * there. The same component keeps the provider's access token for every node ({@link SharedTokens}). Immediate: a
 * delayed component is disposed each time its last user lets go (bundles restarting, hot deploys) and made again on
 * whichever thread asks next, migrations and all.
 */
@Component(service = {PushLedger.class, PollLeases.class, ProviderJournal.class, JournalArchive.class,
        LedgerHealthCheck.class, LedgerOverview.class, SharedTokens.class},
        configurationPid = LedgerComponent.PID, immediate = true)
@Designate(ocd = LedgerConfig.class)
public class LedgerComponent extends JdbcLedger implements SharedTokens {

    static final String PID = "io.stkpush.ledger";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerComponent.class);

    private final JdbcSharedTokens sharedTokens;

    @Activate
    public LedgerComponent(@Reference(name = "dataSource", target = "(dataSourceName=stkpush)") DataSource dataSource,
            LedgerConfig config) {
        super(dataSource, Clock.systemUTC(), policy(config, LatePaymentPolicy.UNREDEEMED));
        this.sharedTokens = new JdbcSharedTokens(new LedgerDatabase(dataSource, Clock.systemUTC()));
        String version = LedgerSchema.migrate(dataSource);
        LOG.info("Payment ledger ready: schema version {}, late payments {}", version, latePaymentPolicy());
    }

    @Modified
    void modified(LedgerConfig config) {
        LatePaymentPolicy policy = policy(config, latePaymentPolicy());
        if (policy != latePaymentPolicy()) {
            latePaymentPolicy(policy);
            LOG.info("Late payments now {}", policy);
        }
    }

    @Override
    public Optional<SharedToken> current(String account) {
        return sharedTokens.current(account);
    }

    @Override
    public <E extends Exception> SharedToken renew(String account, String expectedValue, Instant now,
            TokenRequest<E> request) throws E {
        return sharedTokens.renew(account, expectedValue, now, request);
    }

    /** A bad value keeps what applies now (the safe default at start) rather than failing the ledger. */
    private static LatePaymentPolicy policy(LedgerConfig config, LatePaymentPolicy fallback) {
        try {
            return LatePaymentPolicy.parse(config.latePaymentPolicy());
        } catch (IllegalArgumentException e) {
            LOG.warn("{}; keeping {}", e.getMessage(), fallback);
            return fallback;
        }
    }
}
