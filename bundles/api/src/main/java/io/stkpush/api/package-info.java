/**
 * The provider-neutral contract of stkpush: the values an STK push is made of (phone numbers, whole-shilling
 * amounts, ids), its statuses and outcomes, payments, payment events, and the two core services,
 * {@link io.stkpush.api.PushPayments} (what the operator does) and {@link io.stkpush.api.PaymentLedger}
 * (where every push, payment and raw provider message is kept).
 */
@Export
@Version("1.1.0")
package io.stkpush.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
