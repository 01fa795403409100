package io.stkpush.callback.internal;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.Kes;
import io.stkpush.api.LedgerUnreachableException;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.PushId;
import io.stkpush.api.Receipt;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.provider.StatusAnswer.State;
import io.stkpush.daraja.ResultCode;
import io.stkpush.daraja.ResultCodes;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/daraja/stk/{pushId}/{token}}: turns Daraja's STK callback into a settlement of the push named
 * in the URL. Every callback that got past the checks is answered 200 with Daraja's accepted body, repeats and
 * contradictions included, because sending it again would change nothing. When the ledger cannot take it, the
 * callback is kept in the {@link CallbackSpool} and answered the same once it is on disk; only when neither can keep
 * it is the answer 503.
 */
final class StkCallbacks {

    private static final Logger LOG = LoggerFactory.getLogger(StkCallbacks.class);

    private final HookGate gate;
    private final ProviderAnswers answers;
    private final Clock clock;

    StkCallbacks(ProviderAnswers answers, CallbackSpool spool, Clock clock) {
        this.gate = new HookGate(answers, spool);
        this.answers = answers;
        this.clock = clock;
    }

    HookAnswer receive(CallbackSettings settings, String pushIdText, String token, String remoteAddress,
            String forwardedFor, InputStream in) {
        PushId pushId = parsePushId(pushIdText);
        Intake intake = gate.admit(settings, Channel.STK_CALLBACK, pushId,
                tokens -> pushId != null && tokens.isStkToken(pushId, token), remoteAddress, forwardedFor, in);
        if (!intake.isAdmitted()) {
            return intake.refusal();
        }
        Instant receivedAt = clock.instant();
        HookEntry.Live entry = HookEntry.live(answers, intake.message());
        try {
            return handle(entry, pushId, intake.body(), receivedAt);
        } catch (RuntimeException e) {
            // nothing of the settlement was written. The callback is journaled on its own, unless the database
            // did not answer at all: a second try would wait for the pool as long again while Daraja waits. Either
            // way it is kept in the spool, which replays it
            Long journalId = e instanceof LedgerUnreachableException ? null : keepUnprocessed(entry, pushId, e);
            return gate.keep(new SpooledMessage(Channel.STK_CALLBACK, pushIdText, token, intake.sender(),
                    journalId == null && intake.unlisted(), receivedAt, intake.body(), journalId),
                    HookAnswer.stkAccepted());
        }
    }

    /** Journals a callback that could not be processed, RECEIVED with the reason; {@code null} when it cannot. */
    private static Long keepUnprocessed(HookEntry.Live entry, PushId pushId, RuntimeException failure) {
        try {
            long id = entry.keepUnprocessed(failure);
            LOG.warn("STK callback for push {} journaled ({}) but not processed: {}", pushId, id, failure.toString());
            return id;
        } catch (RuntimeException e) {
            LOG.warn("STK callback for push {} not processed and not journaled (the ledger cannot be reached): {}",
                    pushId, failure.toString());
            return null;
        }
    }

    /**
     * Handles a journaled callback, replayed from the spool or found by the janitor: refused, noted or settled, and
     * the entry marked.
     *
     * @param receivedAt when it arrived: the payment time when the callback gives none
     * @throws RuntimeException when the ledger or the push service fails (the entry is left for the caller)
     */
    HookAnswer process(JournaledMessage entry, PushId pushId, String body, Instant receivedAt) {
        return handle(HookEntry.journaled(answers, entry), pushId, body, receivedAt);
    }

    private HookAnswer handle(HookEntry entry, PushId pushId, String body, Instant receivedAt) {
        try {
            return settle(entry, pushId, StkCallback.parse(body), receivedAt);
        } catch (InvalidCallbackException e) {
            entry.refuse(e.getMessage());
            LOG.warn("STK callback for push {} refused: {} ({})", pushId, e.getMessage(), entry);
            return HookAnswer.invalid(e.getMessage());
        }
    }

    private HookAnswer settle(HookEntry entry, PushId pushId, StkCallback callback, Instant receivedAt)
            throws InvalidCallbackException {
        if (blank(callback.checkoutRequestId()) || blank(callback.merchantRequestId())) {
            // Daraja always names both: without them nothing ties the answer to the prompt the push sent
            throw new InvalidCallbackException("A callback needs its MerchantRequestID and CheckoutRequestID.");
        }
        ResultCode code = ResultCodes.describe(callback.resultCode());
        if (code.state() != State.FINAL) {
            String note = code.state() == State.UNKNOWN
                    ? "unknown result code " + code.code() + ", needs review"
                    : "result code " + code.code() + " is not final";
            entry.close(Disposition.NOTED, note);
            LOG.warn("STK callback for push {}: {} ({})", pushId, note, entry);
            return HookAnswer.stkAccepted();
        }
        // read before settling: a success we cannot read is refused whatever the push
        PaidDetails paid = code.outcome() == Outcome.SUCCEEDED ? paidDetails(entry, callback, receivedAt) : null;
        SettleResult result;
        try {
            // journaled (or marked) with what the settlement did, in the settlement's transaction; both ids must be
            // the push's (the ledger checks them under the push's lock): the token binds only the push id
            result = entry.settle(new Settlement(pushId, code.outcome(), code.reason(), code.code(),
                    code.providerText(callback.resultDesc()), paid).naming(new Settlement.Transaction(
                            new MerchantRequestId(callback.merchantRequestId()),
                            new CheckoutRequestId(callback.checkoutRequestId()))));
        } catch (UnknownPaymentException e) {
            return orphan(entry, pushId, code, paid);
        }
        if (result.kind() == SettleResult.Kind.MISMATCH) {
            LOG.warn("STK callback for push {} names another transaction: not applied, needs review ({})", pushId,
                    entry);
            return HookAnswer.stkAccepted();
        }
        // per-callback detail is in the journal; a log line per callback costs about as much as the settle itself
        LOG.debug("STK callback for push {}: {} {} ({})", pushId, code.outcome(), result.kind(), entry);
        return HookAnswer.stkAccepted();
    }

    /** A success needs the receipt and the amount; the time and phone are taken when given. */
    private static PaidDetails paidDetails(HookEntry entry, StkCallback callback, Instant receivedAt)
            throws InvalidCallbackException {
        if (callback.receipt() == null) {
            throw new InvalidCallbackException("A successful callback needs the MpesaReceiptNumber item.");
        }
        if (callback.amount() == null) {
            throw new InvalidCallbackException("A successful callback needs the Amount item.");
        }
        Kes amount;
        try {
            amount = Kes.ofDecimal(callback.amount());
        } catch (IllegalArgumentException e) {
            throw new InvalidCallbackException("Amount must be a whole number of shillings.");
        }
        if (amount.shillings() <= 0) {
            throw new InvalidCallbackException("Amount must be more than zero: nothing was paid.");
        }
        Instant paidAt = callback.paidAt();
        if (paidAt == null) {
            entry.note("TransactionDate missing or unreadable; time of receipt used");
            paidAt = receivedAt;
        }
        return new PaidDetails(new Receipt(callback.receipt()), amount, callback.phone(), paidAt, PaymentSource.STK);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /**
     * A valid token for a push the ledger does not know (a database restored from backup, say). Money reported
     * paid is still money: it is held unredeemed for an operator. Either way the entry is marked ORPHAN.
     */
    private HookAnswer orphan(HookEntry entry, PushId pushId, ResultCode code, PaidDetails paid) {
        if (paid != null) {
            answers.recordUnknownPushPayment(entry.journaled(), pushId, paid);
        } else {
            entry.close(Disposition.ORPHAN, "no such push; " + code.outcome());
        }
        LOG.warn("STK callback for unknown push {}: {} ({})", pushId, code.outcome(), entry);
        return HookAnswer.stkAccepted();
    }

    /** The push id of a hook's URL, or {@code null} when it is not one of ours. */
    static PushId parsePushId(String text) {
        if (text == null || text.length() != 36) {
            return null;
        }
        try {
            PushId id = PushId.parse(text);
            // UUID.fromString accepts forms like "1-1-1-1-1"; only the canonical form is ours
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
