package io.stkpush.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The provider's callbacks this node received but the ledger has not yet taken (kept on local disk while its
 * database is down), for health and monitoring. Registered by the bundle that receives the callbacks.
 *
 * @since 2.3
 */
@ProviderType
public interface CallbackBacklog {

    /** What waits now. Reads local state only: never waits for the database or the provider. */
    WaitingCallbacks waiting();
}
