package io.stkpush.daraja;

import java.net.URI;

import io.stkpush.api.provider.ProviderException;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registers the URLs M-Pesa calls for C2B payments (customers paying the Paybill or Till by hand) for the
 * configured short code.
 */
@ProviderType
public interface C2bUrlRegistration {

    /**
     * Registers the confirmation and validation URLs.
     *
     * @param version         the C2B API version the Daraja app has a product for
     * @param responseType    what M-Pesa does when the validation URL does not answer
     * @param confirmationUrl absolute, or relative to the configured {@code callbackBaseUrl}
     * @param validationUrl   absolute, or relative to the configured {@code callbackBaseUrl}
     * @return the registration; {@link C2bRegistration#alreadyRegistered()} when M-Pesa says URLs are already
     *         registered for the short code
     * @throws ProviderException with a plain-language message when M-Pesa refuses (for example
     *                           {@code 401.003.01} when the app has a product for the other version only) or cannot
     *                           be reached
     */
    C2bRegistration register(C2bApiVersion version, C2bResponseType responseType, URI confirmationUrl,
            URI validationUrl) throws ProviderException;
}
