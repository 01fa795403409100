package io.stkpush.api;

import java.util.ArrayList;
import java.util.List;

/**
 * A provider message already in the journal (see {@link ProviderAnswers#journal}), and the notes gathered while
 * handling it; they go into the journal with whatever disposition follows. Used by one request's thread.
 */
public final class JournaledMessage {

    /** The journal's note column holds this many characters. */
    public static final int NOTE_LIMIT = 1000;

    private final long id;
    private final List<String> notes = new ArrayList<>();

    public JournaledMessage(long id) {
        this.id = id;
    }

    /** A received message now journaled as entry {@code id}, with the notes gathered on it so far. Since 2.6. */
    public JournaledMessage(long id, ReceivedMessage received) {
        this.id = id;
        this.notes.addAll(received.notes());
    }

    /** The journal entry's id. */
    public long id() {
        return id;
    }

    /** Adds a note that goes with whatever disposition follows. */
    public void note(String note) {
        if (note != null && !note.isBlank()) {
            notes.add(note);
        }
    }

    /** The notes so far and {@code last}, joined and cut to {@link #NOTE_LIMIT}; {@code null} when there are none. */
    public String notesWith(String last) {
        return join(notes, last);
    }

    static String join(List<String> notes, String last) {
        List<String> all = new ArrayList<>(notes);
        if (last != null && !last.isBlank()) {
            all.add(last);
        }
        String text = String.join("; ", all);
        if (text.isEmpty()) {
            return null;
        }
        return text.length() <= NOTE_LIMIT ? text : text.substring(0, NOTE_LIMIT - 1) + "…";
    }

    @Override
    public String toString() {
        return "journal " + id;
    }
}
