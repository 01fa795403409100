package io.stkpush.api.provider;

import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One provider access token for every node of an installation. A provider such as Daraja may invalidate an app's
 * previous token whenever it issues a new one, so two nodes that each fetched their own would keep invalidating
 * each other. With this store a node reads the token in use ({@link #current}) and, when that is stale or was
 * refused, renews it through {@link #renew}: one node at a time asks the provider, and a node that waited for it
 * gets the new token instead of asking again. (Comparing and setting after each node fetched is not enough: two
 * nodes fetching at once can store the older token, which the provider has already invalidated, and loop.)
 *
 * <p>Implemented by the payment ledger on its database (the token is stored there, like the raw provider
 * messages of the journal); called by provider bundles, which must work without it (one node, tests). Every method
 * may throw a {@link RuntimeException} when the store cannot be reached: the caller then goes on with a token of its
 * own.
 *
 * <p>{@code account} names the provider account (app) the token belongs to, e.g. the provider's name, its base URL
 * and consumer key. Implementations keep only a one-way hash of it, never the text, so a credential used in it is
 * not stored.
 *
 * @since 2.2
 */
@ProviderType
public interface SharedTokens {

    /** The token stored for {@code account}, fresh or not; empty when none has been stored. */
    Optional<SharedToken> current(String account);

    /**
     * Renews the token {@code expectedValue} (null: none was stored), one node at a time. Under a lock that other
     * nodes renewing the same account wait for: if the stored token is no longer {@code expectedValue} and is fresh
     * at {@code now}, another node renewed it meanwhile, and it is returned without calling {@code request};
     * otherwise {@code request} is called once, and the token it answers is stored and returned. An exception of
     * {@code request} is passed on, and nothing is stored.
     *
     * <p>The lock is held while {@code request} runs, so it should be bounded by the provider call's timeouts.
     */
    <E extends Exception> SharedToken renew(String account, String expectedValue, Instant now,
            TokenRequest<E> request) throws E;

    /** Asks the provider for a new token: written by the caller of {@link #renew}, usually as a lambda. */
    @ConsumerType
    @FunctionalInterface
    interface TokenRequest<E extends Exception> {
        SharedToken ask() throws E;
    }
}
