package io.stkpush.api.provider;

import io.stkpush.api.CheckoutRequestId;

import org.osgi.annotation.versioning.ConsumerType;

/** A mobile-money API that can prompt a phone and tell how a prompt ended. */
@ConsumerType
public interface PaymentProvider {

    /** Short name, e.g. {@code daraja}. */
    String name();

    /**
     * Sends the prompt. Returning means the provider accepted it, not that anything is paid.
     *
     * @throws ProviderException with {@link ProviderException.Kind#UNKNOWN} when the answer was lost, so a
     *                           prompt may be on the phone
     */
    PushAcceptance push(ProviderPushRequest request) throws ProviderException;

    /** Asks how an accepted prompt stands. */
    StatusAnswer queryStatus(CheckoutRequestId checkoutRequestId) throws ProviderException;
}
