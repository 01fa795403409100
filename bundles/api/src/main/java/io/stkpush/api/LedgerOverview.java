package io.stkpush.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What the ledger holds, counted, for the administrator (web console, shell, health): read only, never calls the
 * provider. Registered by the ledger's component beside {@link PushLedger}.
 *
 * @since 2.1
 */
@ProviderType
public interface LedgerOverview {

    /**
     * The counts as the database has them now.
     *
     * @throws RuntimeException when the database cannot be read (the caller reports it, as health does)
     */
    LedgerCounts counts();
}
