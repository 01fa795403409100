package io.stkpush.portal.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.stkpush.api.OperatorName;
import io.stkpush.portal.gate.EventTicket;
import io.stkpush.portal.gate.OperatorTickets;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The tickets in memory on this node: 32 random bytes each, redeemable once for {@link #LIFETIME}, at most
 * {@link #MAX_OUTSTANDING} outstanding. Expired ones are dropped as tickets are issued and redeemed, so the store
 * never holds more than the last half minute's. Immediate, so the tickets outlive a moment without users (the
 * resource re-activated while the whiteboard settles, say).
 */
@Component(service = OperatorTickets.class, immediate = true)
public class EventTicketStore implements OperatorTickets {

    static final Duration LIFETIME = Duration.ofSeconds(30);

    /** Far above what the operators of one node open in 30 s; a page asking in a loop is stopped here. */
    static final int MAX_OUTSTANDING = 10_000;

    private static final int TICKET_BYTES = 32;

    private final SecureRandom random = new SecureRandom();
    private final InstantSource clock;
    private final int limit;

    /** In the order issued, which is the order they expire in (one lifetime for all), so purging stops early. */
    private final Map<String, Outstanding> outstanding = new LinkedHashMap<>();

    private record Outstanding(OperatorName operator, Instant expiresAt) {
    }

    @Activate
    public EventTicketStore() {
        this(Clock.systemUTC(), MAX_OUTSTANDING);
    }

    EventTicketStore(InstantSource clock, int limit) {
        this.clock = clock;
        this.limit = limit;
    }

    @Override
    public EventTicket issue(OperatorName operator) {
        Objects.requireNonNull(operator, "operator");
        byte[] bytes = new byte[TICKET_BYTES];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(LIFETIME);
        synchronized (outstanding) {
            purgeExpired(now);
            if (outstanding.size() >= limit) {
                throw new IllegalStateException(limit + " event tickets are outstanding; no more until some expire");
            }
            outstanding.put(value, new Outstanding(operator, expiresAt));
        }
        return new EventTicket(value, expiresAt);
    }

    @Override
    public Optional<OperatorName> redeem(String ticket) {
        if (ticket == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Outstanding found;
        synchronized (outstanding) {
            found = outstanding.remove(ticket);
            purgeExpired(now);
        }
        return found != null && now.isBefore(found.expiresAt()) ? Optional.of(found.operator()) : Optional.empty();
    }

    private void purgeExpired(Instant now) {
        Iterator<Outstanding> oldestFirst = outstanding.values().iterator();
        while (oldestFirst.hasNext() && !now.isBefore(oldestFirst.next().expiresAt())) {
            oldestFirst.remove();
        }
    }
}
