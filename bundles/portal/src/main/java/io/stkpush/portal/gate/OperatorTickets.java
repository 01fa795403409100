package io.stkpush.portal.gate;

import java.util.Optional;

import io.stkpush.api.OperatorName;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Short-lived, single-use tickets that let an operator's page open the events WebSocket. A browser cannot put an
 * {@code Authorization} header on a WebSocket, so the page first asks the operator API for a ticket (its own login
 * applies there) and hands the ticket over in the WebSocket URL; the bridge redeems it before the upgrade.
 * Implemented by the portal, in memory: a ticket is only good on the node that issued it, which is the node the page
 * is talking to.
 */
@ProviderType
public interface OperatorTickets {

    /**
     * A new ticket for this operator: random, redeemable once, until {@link EventTicket#expiresAt()} (30 seconds).
     *
     * @throws IllegalStateException when so many tickets are outstanding that no more are issued until some expire
     *                               (a page asking for tickets in a loop)
     */
    EventTicket issue(OperatorName operator);

    /**
     * The operator a ticket was issued to, the first time it is redeemed before it expires; empty for a ticket that
     * is unknown, expired or already redeemed, or {@code null}.
     */
    Optional<OperatorName> redeem(String ticket);
}
