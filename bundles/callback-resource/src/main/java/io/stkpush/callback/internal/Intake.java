package io.stkpush.callback.internal;

import io.stkpush.api.JournaledMessage;

/**
 * A request past the common checks, or the answer that refuses it.
 *
 * @param refusal the answer to send now, or {@code null} when the request was admitted
 * @param entry   its journal entry, or {@code null} when even journaling failed
 * @param body    the body text, for an admitted request
 */
record Intake(HookAnswer refusal, JournaledMessage entry, String body) {

    static Intake refused(HookAnswer answer, JournaledMessage entry) {
        return new Intake(answer, entry, null);
    }

    static Intake admitted(JournaledMessage entry, String body) {
        return new Intake(null, entry, body);
    }

    boolean isAdmitted() {
        return refusal == null;
    }
}
