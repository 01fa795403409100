package io.stkpush.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Asks the provider about one push now, instead of waiting for its next scheduled query: for an administrator
 * ({@code stkpush:reconcile}) looking at a push left for review. The answer is journaled and applied exactly as a
 * scheduled status query's is. Registered by the poller.
 *
 * @since 2.1
 */
@ProviderType
public interface PushReconciler {

    /**
     * @return the push after the answer was applied, and what the provider said in plain words
     * @throws UnknownPaymentException when there is no such push
     */
    Reconciliation reconcile(PushId id);

    /**
     * @param push   the push as it stands after asking
     * @param asked  true when the provider was asked (false for a push already settled, or one with no checkout id)
     * @param report plain words for the administrator, e.g. "M-Pesa says: The service request is processed
     *               successfully." or "Already settled: CONFIRMED."; never a secret
     */
    record Reconciliation(Push push, boolean asked, String report) {
    }
}
