package io.stkpush.daraja.client.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.stkpush.api.PushReason;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderException.Kind;
import io.stkpush.daraja.client.internal.AccessTokens.AccessToken;
import io.stkpush.daraja.client.internal.DarajaTransport.Lane;

/**
 * Authorised JSON POSTs to Daraja. Two answers are retried here because both mean nothing was done: a refused
 * access token (take a new one, another node's or fetched, and retry once, never more), and system busy / spike arrest / quota (back off
 * and retry up to {@code busyRetries} times). The body is built again for every attempt, so each carries a fresh
 * Timestamp and Password.
 */
final class DarajaConnection {

    private static final Logger LOG = LoggerFactory.getLogger(DarajaConnection.class);

    private final DarajaSettings settings;
    private final DarajaTransport transport;
    private final AccessTokens tokens;
    private final Sleeper sleeper;

    DarajaConnection(DarajaSettings settings, DarajaTransport transport, AccessTokens tokens, Sleeper sleeper) {
        this.settings = settings;
        this.transport = transport;
        this.tokens = tokens;
        this.sleeper = sleeper;
    }

    /**
     * @return the last answer, which may still be an error (including a busy one once retries are used up)
     * @throws TransportFailure  when no HTTP answer came
     * @throws ProviderException when nothing could be sent (no token, rate limit, interrupted back-off)
     */
    DarajaAnswer post(String path, Supplier<ObjectNode> body) throws TransportFailure, ProviderException {
        return post(path, body, Lane.WAITING);
    }

    /**
     * As {@link #post(String, Supplier)}, on a lane. A status query is not retried when busy: the poller asks
     * again later, rather than holding a thread and spending more of the budget now.
     */
    DarajaAnswer post(String path, Supplier<ObjectNode> body, Lane lane) throws TransportFailure, ProviderException {
        DarajaAnswer answer = postWithFreshToken(path, body, lane);
        int retries = lane == Lane.STATUS_QUERY ? 0 : settings.busyRetries();
        for (int retry = 1; retry <= retries && isBusy(answer); retry++) {
            Duration delay = settings.busyRetryDelay().multipliedBy(1L << (retry - 1));
            LOG.info("M-Pesa busy on {} ({}); retry {} of {} in {} ms", path, answer.describe(), retry,
                    settings.busyRetries(), delay.toMillis());
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(Kind.BUSY, PushReason.PROVIDER_BUSY, answer.errorCode(), answer.words(), e);
            }
            answer = postWithFreshToken(path, body, lane);
        }
        return answer;
    }

    static boolean isBusy(DarajaAnswer answer) {
        return answer.error() != null && answer.error().isBusy();
    }

    private DarajaAnswer postWithFreshToken(String path, Supplier<ObjectNode> body, Lane lane)
            throws TransportFailure, ProviderException {
        AccessToken token = tokens.current();
        DarajaAnswer answer = transport.send(request(path, body.get(), token), lane);
        if (refusedToken(answer)) {
            LOG.info("M-Pesa refused the access token on {} ({}); taking a new one and retrying once", path,
                    answer.describe());
            answer = transport.send(request(path, body.get(), tokens.replacing(token)), lane);
        }
        return answer;
    }

    /** 404.001.03 (some report it with HTTP 401), or a bare 401. Not 401.003.01: that is a missing API product. */
    private static boolean refusedToken(DarajaAnswer answer) {
        if (answer.error() != null) {
            return answer.error().isInvalidToken();
        }
        return answer.status() == 401;
    }

    private HttpRequest request(String path, ObjectNode body, AccessToken token) {
        String json;
        try {
            json = DarajaAnswer.JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.readTimeout())
                .header("Authorization", "Bearer " + token.value())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }
}
