package io.stkpush.api.provider;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The provider's sign-in, for the administrator: the web console's "Test connection", {@code stkpush:test-connection}
 * and the health endpoint. Registered by a provider bundle beside its {@link PaymentProvider}.
 *
 * @since 2.1
 */
@ConsumerType
public interface ProviderConnection {

    /** Short name, as {@link PaymentProvider#name()}. */
    String name();

    /**
     * Signs in now (for Daraja: an access-token request) and says how it went. A token obtained replaces the one
     * in use, so testing never leaves the running client with a token the provider has invalidated. Never throws;
     * never reveals the token or a secret.
     */
    ConnectionCheck testConnection();

    /** How the last sign-in went, without calling the provider; empty before the first one. */
    Optional<ConnectionCheck> lastSignIn();
}
