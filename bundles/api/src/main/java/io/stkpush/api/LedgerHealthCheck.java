package io.stkpush.api;

import org.osgi.annotation.versioning.ProviderType;

/** Whether the ledger's database answers: for the health endpoint and the web console. */
@ProviderType
public interface LedgerHealthCheck {

    /** Whether the database answers, and which it is. Never throws. */
    LedgerHealth health();
}
