package io.stkpush.push.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import io.stkpush.api.PaymentEventListener;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.PushPayments;
import io.stkpush.api.PushSchedule;
import io.stkpush.api.provider.CallbackUrls;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.host.SubscriberDirectory;
import io.stkpush.ledger.internal.JdbcLedger;

/**
 * The real push service on a given ledger, for the tests of other bundles (through this module's test jar): the
 * poller and the callback resource answer through the real {@link ProviderAnswers}, journal marks included, rather
 * than a copy of it. Both desks run on the poller's schedule as shipped ({@link #SCHEDULE}). A {@code null}
 * listener or directory means none.
 */
public final class TestPushServices {

    /** The poller's schedule as shipped: a 96 s waiting window, the first status query 8 s after acceptance. */
    public static final PushSchedule SCHEDULE = new PushSchedule() {
        @Override
        public Duration waitingWindow() {
            return Duration.ofSeconds(96);
        }

        @Override
        public Duration firstPoll() {
            return Duration.ofSeconds(8);
        }
    };

    /** Callback URLs of the shape the callback resource hands out, with a token that is not checked here. */
    public static final CallbackUrls CALLBACK_URLS = id -> URI.create("/hooks/daraja/stk/" + id + "/test-token");

    private TestPushServices() {
    }

    /** The answer desk on the system clock, with no listener and no subscriber directory. */
    public static ProviderAnswers providerAnswers(JdbcLedger ledger) {
        return providerAnswers(ledger, Clock.systemUTC(), null, null);
    }

    /** The answer desk; events carry {@code clock}'s time. */
    public static ProviderAnswers providerAnswers(JdbcLedger ledger, Clock clock, PaymentEventListener listener) {
        return providerAnswers(ledger, clock, listener, null);
    }

    /** The answer desk; a C2B payment is linked through {@code directory}. */
    public static ProviderAnswers providerAnswers(JdbcLedger ledger, Clock clock, PaymentEventListener listener,
            SubscriberDirectory directory) {
        return new SettlementDesk(ledger, ledger, directoryOf(directory), publisher(clock, listener));
    }

    /** The front desk, sending through {@code provider} with {@link #CALLBACK_URLS} and the shipped settings. */
    public static PushPayments pushPayments(JdbcLedger ledger, PaymentProvider provider, Clock clock,
            PaymentEventListener listener, SubscriberDirectory directory) {
        return new CollectionDesk(ledger, () -> provider, CALLBACK_URLS, SCHEDULE, directoryOf(directory),
                publisher(clock, listener), clock, PushSettings.DEFAULTS);
    }

    private static PaymentEventPublisher publisher(Clock clock, PaymentEventListener listener) {
        return new PaymentEventPublisher(listener != null ? listener : event -> {
        }, clock);
    }

    private static Supplier<Optional<SubscriberDirectory>> directoryOf(SubscriberDirectory directory) {
        Optional<SubscriberDirectory> fixed = Optional.ofNullable(directory);
        return () -> fixed;
    }
}
