package io.stkpush.host;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A way to pay that the host's Renew / Change Plan dialog offers. stkpush registers "M-Pesa STK Push"; the
 * host lists every registered method.
 */
@ConsumerType
public interface PaymentMethod {

    /** Stable id, e.g. {@code mpesa-stk-push}. */
    String id();

    /** What the dialog shows, e.g. {@code M-Pesa STK Push}. */
    String label();

    /** Where the host's page sends a renewal paid this way (e.g. {@code /stkpush/api/renewals}). */
    String renewalEndpoint();
}
