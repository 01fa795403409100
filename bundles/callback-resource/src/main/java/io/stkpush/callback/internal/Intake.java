package io.stkpush.callback.internal;

import io.stkpush.api.JournaledMessage;

/**
 * A request past the common checks, or the answer that refuses it.
 *
 * @param refusal  the answer to send now, or {@code null} when the request was admitted
 * @param entry    its journal entry, or {@code null} when journaling failed (then it is for the spool)
 * @param body     the body text, for an admitted request
 * @param sender   the sender's address
 * @param unlisted whether the sender is outside the allow list and was accepted ({@code allowListMode = log})
 */
record Intake(HookAnswer refusal, JournaledMessage entry, String body, String sender, boolean unlisted) {

    static Intake refused(HookAnswer answer, JournaledMessage entry) {
        return new Intake(answer, entry, null, null, false);
    }

    static Intake admitted(JournaledMessage entry, String body, String sender) {
        return new Intake(null, entry, body, sender, false);
    }

    /** Passed every check that needs no database, but the journal could not take it: for the spool. */
    static Intake unjournaled(String body, String sender, boolean unlisted) {
        return new Intake(null, null, body, sender, unlisted);
    }

    boolean isAdmitted() {
        return refusal == null;
    }

    boolean isJournaled() {
        return entry != null;
    }
}
