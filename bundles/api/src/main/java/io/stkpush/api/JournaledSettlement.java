package io.stkpush.api;

import java.util.Objects;

/**
 * A provider message journaled and settled in one transaction.
 *
 * @param journalId the journal entry the message became, marked with what the settlement did
 * @param result    what the settlement did
 * @since 2.6
 */
public record JournaledSettlement(long journalId, SettleResult result) {

    public JournaledSettlement {
        Objects.requireNonNull(result, "result");
    }
}
