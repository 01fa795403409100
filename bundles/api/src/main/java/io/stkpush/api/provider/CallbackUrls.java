package io.stkpush.api.provider;

import java.net.URI;

import io.stkpush.api.PushId;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a provider reports a push's outcome. Providers do not sign their callbacks, so each URL carries the push
 * id and a token only this server can make (an HMAC of the id); the bundle that serves the callbacks owns the
 * key and registers this service.
 */
@ProviderType
public interface CallbackUrls {

    /**
     * The STK callback URL for a push, relative to the provider's configured public base address (e.g.
     * {@code /hooks/daraja/stk/<pushId>/<token>}).
     */
    URI stkCallback(PushId pushId);
}
