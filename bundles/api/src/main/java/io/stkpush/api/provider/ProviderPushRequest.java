package io.stkpush.api.provider;

import java.net.URI;
import java.util.Objects;

import io.stkpush.api.Kes;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.PushId;

/**
 * One prompt to send.
 *
 * @param pushId           our id of the push
 * @param phone            the phone to prompt
 * @param amount           the amount to ask
 * @param accountReference shown on the phone and used as the Paybill account (12 characters at most)
 * @param description      short description (1 to 13 characters)
 * @param callbackUrl      where the provider reports the outcome; carries the push id and its token
 */
public record ProviderPushRequest(PushId pushId, PhoneNumber phone, Kes amount, String accountReference,
        String description, URI callbackUrl) {

    public ProviderPushRequest {
        Objects.requireNonNull(pushId, "pushId");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(callbackUrl, "callbackUrl");
    }
}
