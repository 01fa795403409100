package io.stkpush.callback.internal;

import static io.stkpush.callback.internal.TestConfigs.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.daraja.C2bApiVersion;
import io.stkpush.daraja.C2bRegistration;
import io.stkpush.daraja.C2bResponseType;
import io.stkpush.daraja.C2bUrlRegistration;

import org.junit.jupiter.api.Test;

class C2bUrlRegistrarTest {

    private final CallbackGuard guard = new CallbackGuard(new TestConfigs.MemoryConfigAdmin().service(),
            config("hmacKey", HooksFixture.KEY));
    private final List<List<Object>> calls = new ArrayList<>();
    private final C2bUrlRegistration daraja = new C2bUrlRegistration() {
        @Override
        public C2bRegistration register(C2bApiVersion version, C2bResponseType responseType, URI confirmationUrl,
                URI validationUrl) throws ProviderException {
            calls.add(List.of(version, responseType, confirmationUrl, validationUrl));
            return new C2bRegistration("174379", version, false, "7619-37765134-1", "success");
        }
    };

    /** Runs what is due now at once; keeps what is due later, with its delay, for the test to run. */
    private final List<Duration> delays = new ArrayList<>();
    private final Deque<Runnable> pending = new ArrayDeque<>();
    private final C2bUrlRegistrar.Later later = (task, delay) -> {
        if (delay.isZero()) {
            task.run();
        } else {
            delays.add(delay);
            pending.add(task);
        }
    };

    @Test
    void offByDefault() {
        new C2bUrlRegistrar(guard, daraja, later, config());
        assertTrue(calls.isEmpty());
    }

    @Test
    void registersTheTokenedRelativeUrlsAcceptingPaymentsWhenValidationIsUnreachable() {
        new C2bUrlRegistrar(guard, daraja, later, config("registerC2bUrls", true, "c2bApiVersion", "v1"));

        String token = new HookTokens(HooksFixture.KEY).c2bToken();
        assertEquals(List.of(List.of(C2bApiVersion.V1, C2bResponseType.COMPLETED,
                URI.create("/hooks/daraja/c2b/confirmation/" + token),
                URI.create("/hooks/daraja/c2b/validation/" + token))), calls);
    }

    @Test
    void registersAgainOnlyWhenSwitchedOnOrTheVersionChanges() {
        C2bUrlRegistrar registrar = new C2bUrlRegistrar(guard, daraja, later, config("registerC2bUrls", true));
        registrar.modified(config("registerC2bUrls", true, "allowListMode", "enforce"));
        assertEquals(1, calls.size());
        registrar.modified(config("registerC2bUrls", true, "c2bApiVersion", "v1"));
        registrar.modified(config("registerC2bUrls", false));
        registrar.modified(config("registerC2bUrls", true, "c2bApiVersion", "v1"));
        registrar.modified(config("registerC2bUrls", true, "c2bApiVersion", "v3"));
        assertEquals(List.of(C2bApiVersion.V2, C2bApiVersion.V1, C2bApiVersion.V1),
                calls.stream().map(call -> call.get(0)).toList());
    }

    @Test
    void aRefusalIsReportedNotThrown() {
        List<C2bApiVersion> attempts = new ArrayList<>();
        C2bUrlRegistration refusing = (version, type, confirmation, validation) -> {
            attempts.add(version);
            throw new ProviderException(ProviderException.Kind.REJECTED, PushReason.PROVIDER_REFUSED, "401.003.01",
                    "no apiproduct match", null);
        };
        C2bUrlRegistrar registrar = new C2bUrlRegistrar(guard, refusing, later,
                config("registerC2bUrls", true));
        registrar.modified(config("registerC2bUrls", true, "c2bApiVersion", "v1"));
        assertEquals(List.of(C2bApiVersion.V2, C2bApiVersion.V1), attempts);
    }

    @Test
    void aFailedRegistrationIsTriedAgainWithAGrowingDelayUntilItSucceeds() {
        List<C2bApiVersion> attempts = new ArrayList<>();
        C2bUrlRegistration notYet = (version, type, confirmation, validation) -> {
            attempts.add(version);
            if (attempts.size() < 3) {
                throw new IllegalStateException("connection refused");
            }
            return new C2bRegistration("174379", version, false, "7619-37765134-1", "success");
        };
        new C2bUrlRegistrar(guard, notYet, later, config("registerC2bUrls", true));

        pending.poll().run();
        pending.poll().run();

        assertEquals(3, attempts.size(), "tried until it worked");
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(10)), delays);
        assertTrue(pending.isEmpty(), "nothing more once registered");
    }

    @Test
    void retriesStopWhenRegistrationIsSwitchedOffOrTheComponentStops() {
        List<C2bApiVersion> attempts = new ArrayList<>();
        C2bUrlRegistration refusing = (version, type, confirmation, validation) -> {
            attempts.add(version);
            throw new IllegalStateException("connection refused");
        };
        C2bUrlRegistrar registrar = new C2bUrlRegistrar(guard, refusing, later, config("registerC2bUrls", true));
        registrar.modified(config("registerC2bUrls", false));
        pending.poll().run();
        assertEquals(1, attempts.size(), "the retry after switching off did nothing");

        registrar.modified(config("registerC2bUrls", true));
        registrar.stop();
        pending.poll().run();
        assertEquals(2, attempts.size(), "the retry after stopping did nothing");
        assertTrue(pending.isEmpty());
    }

    @Test
    void theDelayStopsGrowingAtFiveMinutes() {
        C2bUrlRegistration refusing = (version, type, confirmation, validation) -> {
            throw new IllegalStateException("connection refused");
        };
        new C2bUrlRegistrar(guard, refusing, later, config("registerC2bUrls", true));
        for (int i = 0; i < 10; i++) {
            pending.poll().run();
        }
        assertEquals(Duration.ofMinutes(5), delays.get(delays.size() - 1));
        assertEquals(Duration.ofSeconds(160), delays.get(5));
    }
}
