package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderConnection;

import org.junit.jupiter.api.Test;

/** {@code stkpush:test-connection}: the provider's sign-in, in its own plain words. */
class TestConnectionCommandTest {

    private static ProviderConnection answering(boolean ok, String message) {
        return new ProviderConnection() {
            @Override
            public String name() {
                return "daraja";
            }

            @Override
            public ConnectionCheck testConnection() {
                return new ConnectionCheck(ok, Instant.parse("2025-03-10T09:30:00Z"), Duration.ofMillis(312),
                        message);
            }

            @Override
            public Optional<ConnectionCheck> lastSignIn() {
                return Optional.empty();
            }
        };
    }

    private static TestConnectionCommand command(ProviderConnection connection) {
        TestConnectionCommand command = new TestConnectionCommand();
        command.connection = connection;
        return command;
    }

    @Test
    void accepted() throws Exception {
        assertEquals("daraja: M-Pesa accepted the consumer key and secret (answered in 312 ms).\n",
                Console.run(command(answering(true,
                        "M-Pesa accepted the consumer key and secret (answered in 312 ms)."))));
    }

    @Test
    void refusedIsAFailureInTheProvidersWords() {
        assertEquals("daraja: M-Pesa refused the consumer key and secret.",
                Console.failure(command(answering(false, "M-Pesa refused the consumer key and secret."))));
    }

    @Test
    void noProvider() {
        assertEquals("No payment provider is running.", Console.failure(command(null)));
    }
}
