package io.stkpush.api.provider;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.MerchantRequestId;

/**
 * The provider accepted a prompt for processing.
 *
 * @param merchantRequestId the provider's merchant id
 * @param checkoutRequestId the provider's checkout id, the key for status queries
 * @param customerMessage   the provider's message, or {@code null}
 */
public record PushAcceptance(MerchantRequestId merchantRequestId, CheckoutRequestId checkoutRequestId,
        String customerMessage) {
}
