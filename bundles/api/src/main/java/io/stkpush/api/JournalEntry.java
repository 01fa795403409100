package io.stkpush.api;

import java.time.Instant;

/**
 * A journaled provider message and what was done with it.
 *
 * @param id          the journal's id
 * @param event       the message as received
 * @param receivedAt  when it was journaled
 * @param disposition what was done with it
 * @param note        detail for whoever reviews it, or {@code null}
 */
public record JournalEntry(long id, ProviderEvent event, Instant receivedAt, ProviderEvent.Disposition disposition,
        String note) {
}
