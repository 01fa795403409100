/**
 * The provider-neutral contract of stkpush: the values an STK push is made of (phone numbers, whole-shilling
 * amounts, ids), its statuses and outcomes, payments, payment events, and the two core services,
 * {@link io.stkpush.api.PushPayments} (what the operator does) and {@link io.stkpush.api.ProviderAnswers}
 * (where the provider's answers are applied), the ledger's roles ({@link io.stkpush.api.PushLedger},
 * {@link io.stkpush.api.PollLeases}, {@link io.stkpush.api.ProviderJournal}, {@link io.stkpush.api.LedgerHealthCheck})
 * and the waiting policy ({@link io.stkpush.api.PushSchedule}). 2.3 adds {@link io.stkpush.api.CallbackBacklog}: the
 * callbacks a node keeps while the ledger cannot take them. 2.4 adds
 * {@link io.stkpush.api.ProviderJournal#unprocessed}: the messages journaled and never processed. 2.5 marks the
 * journal entry in the settlement's transaction. 2.6 journals a callback and settles it in one transaction
 * ({@link io.stkpush.api.ReceivedMessage}, {@link io.stkpush.api.ProviderAnswers#settle(ReceivedMessage, Settlement)})
 * and names a renewal's plan in its payment events ({@link io.stkpush.api.PaymentEvent#planId()}); the ledger says
 * when its database does not answer at all ({@link io.stkpush.api.LedgerUnreachableException}). 2.7 adds
 * {@link io.stkpush.api.JournalArchive}: old journal entries moved out of the database when an administrator asks.
 * 2.8 adds {@link io.stkpush.api.PollLeases#deferPoll}: a status query put off, not counted as one made.
 */
@Export
@Version("2.8.0")
package io.stkpush.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
