package io.stkpush.callback.internal;

import io.stkpush.api.ReceivedMessage;

/**
 * A request past the common checks, or the answer that refuses it (journaled as refused already).
 *
 * @param refusal  the answer to send now, or {@code null} when the request was admitted
 * @param message  an admitted request's message, not journaled yet, with the notes the checks made
 * @param sender   the sender's address
 * @param unlisted whether the sender is outside the allow list and was accepted ({@code allowListMode = log})
 */
record Intake(HookAnswer refusal, ReceivedMessage message, String sender, boolean unlisted) {

    static Intake refused(HookAnswer answer) {
        return new Intake(answer, null, null, false);
    }

    static Intake admitted(ReceivedMessage message, String sender, boolean unlisted) {
        return new Intake(null, message, sender, unlisted);
    }

    boolean isAdmitted() {
        return refusal == null;
    }

    /** The body as received. */
    String body() {
        return message.event().body();
    }
}
