package io.stkpush.callback.internal;

import java.time.Instant;
import java.util.Objects;

import io.stkpush.api.ProviderEvent.Channel;

/**
 * A request kept in the local spool because the ledger could not take it: everything needed to handle it later
 * as if it had just arrived. It passed the checks that need no database (token, sender, size, body shape) before
 * it was spooled.
 *
 * @param channel    which hook received it
 * @param pushId     the push id in the URL as received, or {@code null} for C2B
 * @param token      the URL's token as received (checked when it arrived; kept for the record)
 * @param sender     the sender's address, already resolved through the trusted proxies, or {@code null}
 * @param unlisted   whether the sender was outside the allow list and accepted ({@code allowListMode = log})
 * @param receivedAt when it arrived
 * @param body       the raw body, at most {@code maxBodyBytes}
 * @param journalId  its journal entry when it was journaled but its processing failed, else {@code null}
 */
record SpooledMessage(Channel channel, String pushId, String token, String sender, boolean unlisted,
        Instant receivedAt, String body, Long journalId) {

    SpooledMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(body, "body");
    }

    /** What the logs may say about it: no body, no token, no phone number. */
    String describe() {
        return channel + (pushId == null ? "" : " for push " + pushId) + " from " + sender + " received "
                + receivedAt;
    }
}
