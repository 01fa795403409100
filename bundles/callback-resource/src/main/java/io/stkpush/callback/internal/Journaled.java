package io.stkpush.callback.internal;

import java.util.ArrayList;
import java.util.List;

import io.stkpush.api.PaymentLedger;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.ProviderEvent.Disposition;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A request already in the journal, and the notes gathered while handling it. */
final class Journaled {

    private static final Logger LOG = LoggerFactory.getLogger(Journaled.class);
    private static final int NOTE_LIMIT = 1000;

    private final PaymentLedger ledger;
    private final long id;
    private final List<String> notes = new ArrayList<>();

    private Journaled(PaymentLedger ledger, long id) {
        this.ledger = ledger;
        this.id = id;
    }

    /** Writes the event; a failure here propagates (then nothing was kept, and the sender should retry). */
    static Journaled write(PaymentLedger ledger, ProviderEvent event) {
        return new Journaled(ledger, ledger.journal(event));
    }

    long id() {
        return id;
    }

    /** Adds a note that goes with whatever disposition follows. */
    void note(String note) {
        notes.add(note);
    }

    /**
     * Notes what was done. Best effort: the request itself is already kept, and when marking fails the entry
     * stays RECEIVED, which is what review looks for.
     */
    void mark(Disposition disposition, String note) {
        List<String> all = new ArrayList<>(notes);
        if (note != null) {
            all.add(note);
        }
        String text = String.join("; ", all);
        if (text.length() > NOTE_LIMIT) {
            text = text.substring(0, NOTE_LIMIT - 1) + "…";
        }
        try {
            ledger.markJournaled(id, disposition, text.isEmpty() ? null : text);
        } catch (RuntimeException e) {
            LOG.warn("Journal entry {} could not be marked {} ({}); it stays RECEIVED", id, disposition,
                    e.getClass().getSimpleName());
        }
    }
}
