package io.stkpush.daraja.client.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;

/**
 * Sends one request within the rate limits and tells apart "never connected" from "the answer was lost".
 *
 * <p>Two lanes share Daraja's budget ({@code requestsPerSecond}). Pushes, tokens and URL registrations wait for a
 * turn. Status queries never wait for the shared budget: they wait, briefly, for a turn of their own
 * ({@code statusQueriesPerSecond}), and then need a free turn of the shared one now, or they are refused and the
 * poller asks later. So queries can never queue in front of an operator's push, and pushes always keep
 * {@code requestsPerSecond - statusQueriesPerSecond}.
 */
final class DarajaTransport {

    /** Which budget a request draws on. */
    enum Lane {
        /** Pushes, tokens, URL registrations: wait for a turn of the shared budget. */
        WAITING,
        /** Status queries: a turn of their own budget (a short wait), then a free turn now of the shared one. */
        STATUS_QUERY
    }

    private final HttpClient http;
    private final RateLimit rateLimit;
    private final RateLimit queryBudget;

    DarajaTransport(HttpClient http, RateLimit rateLimit, RateLimit queryBudget) {
        this.http = http;
        this.rateLimit = rateLimit;
        this.queryBudget = queryBudget;
    }

    /**
     * @throws TransportFailure  when no HTTP answer came
     * @throws ProviderException {@code BUSY} when the rate limit refused the request (nothing was sent)
     */
    DarajaAnswer send(HttpRequest request) throws TransportFailure, ProviderException {
        return send(request, Lane.WAITING);
    }

    /**
     * @throws TransportFailure  when no HTTP answer came
     * @throws ProviderException {@code BUSY} when a rate limit refused the request (nothing was sent)
     */
    DarajaAnswer send(HttpRequest request, Lane lane) throws TransportFailure, ProviderException {
        if (lane == Lane.STATUS_QUERY) {
            // the query's own budget first (waiting, bounded, holds only the poller's thread); a turn of the shared
            // one is then taken only if free now: a query never books one ahead of a push
            queryBudget.acquire();
            if (!rateLimit.tryAcquire()) {
                throw new ProviderException(ProviderException.Kind.BUSY, PushReason.PROVIDER_BUSY, null,
                        "Pushes are using M-Pesa's whole rate limit now; the status query was not sent.", null);
            }
        } else {
            rateLimit.acquire();
        }
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
