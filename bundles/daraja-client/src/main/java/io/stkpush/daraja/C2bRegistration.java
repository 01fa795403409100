package io.stkpush.daraja;

/**
 * The answer to a C2B URL registration.
 *
 * @param shortCode                the short code the URLs were registered for
 * @param version                  the C2B API version used
 * @param alreadyRegistered        true when M-Pesa answered that URLs were already registered for the short code
 *                                 (production registers once; changing them needs the Daraja portal)
 * @param originatorConversationId Daraja's id of the registration (sent as {@code OriginatorCoversationID}), or
 *                                 {@code null}
 * @param description              M-Pesa's words, for the operator
 */
public record C2bRegistration(String shortCode, C2bApiVersion version, boolean alreadyRegistered,
        String originatorConversationId, String description) {
}
