package io.stkpush.daraja.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

import io.stkpush.api.provider.ProviderException;

/** Sends one request within the rate limit and tells apart "never connected" from "the answer was lost". */
final class DarajaTransport {

    private final HttpClient http;
    private final RateLimit rateLimit;

    DarajaTransport(HttpClient http, RateLimit rateLimit) {
        this.http = http;
        this.rateLimit = rateLimit;
    }

    /**
     * @throws TransportFailure  when no HTTP answer came
     * @throws ProviderException {@code BUSY} when the rate limit refused the request (nothing was sent)
     */
    DarajaAnswer send(HttpRequest request) throws TransportFailure, ProviderException {
        rateLimit.acquire();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return DarajaAnswer.of(response.statusCode(), response.body());
        } catch (HttpConnectTimeoutException e) {
            throw new TransportFailure(false, "connect timeout", e);
        } catch (HttpTimeoutException e) {
            throw new TransportFailure(true, "no answer within the read timeout", e);
        } catch (ConnectException e) {
            throw new TransportFailure(false, "cannot connect", e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new TransportFailure(false, "cannot connect", e);
            }
            throw new TransportFailure(true, "connection lost: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportFailure(true, "interrupted while waiting for the answer", e);
        }
    }
}
