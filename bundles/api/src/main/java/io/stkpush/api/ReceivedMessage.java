package io.stkpush.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A provider message as received and not journaled yet, and the notes gathered while checking it; it is journaled
 * with what was done with it ({@link ProviderAnswers#journal(ReceivedMessage, ProviderEvent.Disposition, String)},
 * {@link ProviderAnswers#settle(ReceivedMessage, Settlement)}). Used by one request's thread. Since 2.6.
 */
public final class ReceivedMessage {

    private final ProviderEvent event;
    private final List<String> notes = new ArrayList<>();

    public ReceivedMessage(ProviderEvent event) {
        this.event = Objects.requireNonNull(event, "event");
    }

    /** The message as received. */
    public ProviderEvent event() {
        return event;
    }

    /** Adds a note that goes with whatever disposition follows. */
    public void note(String note) {
        if (note != null && !note.isBlank()) {
            notes.add(note);
        }
    }

    /** The notes so far and {@code last}, as {@link JournaledMessage#notesWith} joins them. */
    public String notesWith(String last) {
        return JournaledMessage.join(notes, last);
    }

    /** The notes so far, for the journal entry this message becomes. */
    List<String> notes() {
        return List.copyOf(notes);
    }
}
