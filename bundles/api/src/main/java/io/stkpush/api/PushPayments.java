package io.stkpush.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** What an operator does with STK pushes; the portal's REST API and the renewal extension call this. */
@ProviderType
public interface PushPayments {

    /**
     * Sends a payment prompt: the push is recorded first, then the provider is called.
     *
     * @throws PromptAlreadyOpenException when that phone already has a prompt being waited on
     */
    Push initiate(PushRequest request);

    Optional<Push> find(PushId id);

    /** Stops the operator waiting; the M-Pesa transaction is not cancelled and keeps being reconciled. */
    Push stopWaiting(PushId id, OperatorName operator);

    /** Applies a final answer from any path (callback, status query, C2B), idempotently. */
    SettleResult settle(Settlement settlement);
}
