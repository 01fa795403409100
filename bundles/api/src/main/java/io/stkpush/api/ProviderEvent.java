package io.stkpush.api;

import java.util.Objects;

/**
 * A raw message from the provider, journaled exactly as received before anything is done with it.
 *
 * @param channel       where it came from
 * @param pushId        the push it claims to concern, or {@code null}
 * @param remoteAddress the sender's address, or {@code null}
 * @param body          the raw body (or, for a status query, the raw answer)
 */
public record ProviderEvent(Channel channel, PushId pushId, String remoteAddress, String body) {

    public ProviderEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(body, "body");
    }

    public enum Channel {
        STK_CALLBACK, STATUS_QUERY, C2B_VALIDATION, C2B_CONFIRMATION
    }

    /** What was done with a journaled message. */
    public enum Disposition {
        /** Journaled; not processed yet (or processing died). */
        RECEIVED,
        /** It settled a push or recorded a payment. */
        SETTLED,
        /** It repeated something already recorded. */
        DUPLICATE,
        /** It contradicted an outcome already recorded; the earlier outcome stands. */
        CONFLICT,
        /** Malformed, forged or otherwise refused. */
        REJECTED,
        /** It concerns no push or payment we know. */
        ORPHAN,
        /** Read and noted, nothing to settle yet (e.g. a pending status answer). */
        NOTED;

        /** What a message that reached {@code settle} did. */
        public static Disposition of(SettleResult.Kind kind) {
            return switch (kind) {
                case SETTLED -> SETTLED;
                case DUPLICATE -> DUPLICATE;
                case CONFLICT -> CONFLICT;
                case MISMATCH -> REJECTED;
            };
        }
    }
}
