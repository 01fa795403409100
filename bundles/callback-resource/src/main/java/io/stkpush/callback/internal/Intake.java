package io.stkpush.callback.internal;

/**
 * A request past the common checks, or the answer that refuses it.
 *
 * @param refusal the answer to send now, or {@code null} when the request was admitted
 * @param entry   its journal entry, or {@code null} when even journaling failed
 * @param body    the body text, for an admitted request
 */
record Intake(HookAnswer refusal, Journaled entry, String body) {

    static Intake refused(HookAnswer answer, Journaled entry) {
        return new Intake(answer, entry, null);
    }

    static Intake admitted(Journaled entry, String body) {
        return new Intake(null, entry, body);
    }

    boolean isAdmitted() {
        return refusal == null;
    }
}
