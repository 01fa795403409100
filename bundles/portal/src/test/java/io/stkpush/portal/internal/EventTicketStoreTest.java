package io.stkpush.portal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import io.stkpush.api.OperatorName;
import io.stkpush.portal.gate.EventTicket;

import org.junit.jupiter.api.Test;

/** The single-use tickets with which an operator's page opens the events WebSocket. */
class EventTicketStoreTest {

    private static final OperatorName OPERATOR = new OperatorName("operator");
    private static final Instant T0 = Instant.parse("2025-03-10T09:30:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final EventTicketStore store = new EventTicketStore(now::get, 3);

    @Test
    void aTicketIsRandomUrlSafeAndValidForThirtySeconds() {
        EventTicket ticket = store.issue(OPERATOR);

        assertTrue(ticket.value().matches("[A-Za-z0-9_-]{43}"), ticket.value()); // 32 bytes, base64url
        assertEquals(T0.plusSeconds(30), ticket.expiresAt());
        assertFalse(ticket.toString().contains(ticket.value()), "a ticket is a secret: " + ticket);
        Set<String> seen = new HashSet<>();
        EventTicketStore roomy = new EventTicketStore(now::get, 1000);
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(roomy.issue(OPERATOR).value()));
        }
    }

    @Test
    void aTicketIsRedeemedOnceForTheOperatorItWasIssuedTo() {
        EventTicket first = store.issue(OPERATOR);
        EventTicket other = store.issue(new OperatorName("grace"));

        assertEquals(Optional.of(OPERATOR), store.redeem(first.value()));
        assertEquals(Optional.empty(), store.redeem(first.value()), "reused");
        assertEquals(Optional.of(new OperatorName("grace")), store.redeem(other.value()));
    }

    @Test
    void unknownAndMissingTicketsAreRefused() {
        store.issue(OPERATOR);
        assertEquals(Optional.empty(), store.redeem("not-a-ticket"));
        assertEquals(Optional.empty(), store.redeem(""));
        assertEquals(Optional.empty(), store.redeem(null));
    }

    @Test
    void aTicketExpiresAfterThirtySeconds() {
        EventTicket stillGood = store.issue(OPERATOR);
        EventTicket late = store.issue(OPERATOR);

        now.set(T0.plus(Duration.ofSeconds(29)));
        assertEquals(Optional.of(OPERATOR), store.redeem(stillGood.value()));
        now.set(T0.plus(Duration.ofSeconds(30)));
        assertEquals(Optional.empty(), store.redeem(late.value()));
    }

    @Test
    void outstandingTicketsAreBoundedAndExpiredOnesMakeRoom() {
        store.issue(OPERATOR);
        store.issue(OPERATOR);
        now.set(T0.plusSeconds(10));
        EventTicket newest = store.issue(OPERATOR);

        assertThrows(IllegalStateException.class, () -> store.issue(OPERATOR));

        now.set(T0.plusSeconds(31)); // the first two expired; the newest is still good
        EventTicket afterPurge = store.issue(OPERATOR);
        store.issue(OPERATOR);
        assertThrows(IllegalStateException.class, () -> store.issue(OPERATOR));
        assertNotEquals(newest.value(), afterPurge.value());
        assertEquals(Optional.of(OPERATOR), store.redeem(newest.value()));
        store.issue(OPERATOR); // the redeemed one made room too
    }
}
