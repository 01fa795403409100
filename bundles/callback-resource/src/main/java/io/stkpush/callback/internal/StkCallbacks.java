package io.stkpush.callback.internal;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.stkpush.api.JournaledMessage;
import io.stkpush.api.Kes;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Push;
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
        } catch (LedgerUnreachable e) {
            // the first read failed: another try at journaling would only wait as long again, and Daraja waits too
            LOG.debug("STK callback for push {}: the ledger cannot be reached ({})", pushId, e.getCause().toString());
            return gate.keep(new SpooledMessage(Channel.STK_CALLBACK, pushIdText, token, intake.sender(),
                    intake.unlisted(), receivedAt, intake.body(), null), HookAnswer.stkAccepted());
        } catch (RuntimeException e) {
            // the ledger or the push service failed and nothing of the settlement was written: the callback is
            // journaled on its own if the journal takes it, and kept in the spool either way, which replays it
            Long journalId = keepUnprocessed(entry, pushId, e);
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
        // read before looking the push up: a success we cannot read is refused whatever the push
        PaidDetails paid = code.outcome() == Outcome.SUCCEEDED ? paidDetails(entry, callback, receivedAt) : null;
        Optional<Push> push;
        try {
            push = answers.find(pushId);
        } catch (RuntimeException e) {
            throw entry.isLive() ? new LedgerUnreachable(e) : e;
        }
        if (push.isEmpty()) {
            return orphan(entry, pushId, code, paid);
        }
        String mismatch = checkoutMismatch(push.get(), callback);
        if (mismatch != null) {
            // the token binds the push id, so this is Daraja (or someone holding the URL) reporting another
            // transaction under this push's URL: not applied, kept for review, and no retry would change it
            entry.close(Disposition.REJECTED, mismatch + "; not applied, needs review");
            LOG.warn("STK callback for push {}: {} ({})", pushId, mismatch, entry);
            return HookAnswer.stkAccepted();
        }
        SettleResult result;
        try {
            // journaled (or marked) with what the settlement did, in the settlement's transaction
            result = entry.settle(new Settlement(pushId, code.outcome(), code.reason(), code.code(),
                    code.providerText(callback.resultDesc()), paid));
        } catch (UnknownPaymentException e) {
            return orphan(entry, pushId, code, paid);
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

    /** Both ids must be the push's, when it knows them (a push whose answer was lost knows neither). */
    private static String checkoutMismatch(Push push, StkCallback callback) {
        if (push.checkoutRequestId() != null
                && !push.checkoutRequestId().value().equals(callback.checkoutRequestId())) {
            return "CheckoutRequestID " + callback.checkoutRequestId() + " is not the push's "
                    + push.checkoutRequestId().value();
        }
        if (push.merchantRequestId() != null
                && !push.merchantRequestId().value().equals(callback.merchantRequestId())) {
            return "MerchantRequestID " + callback.merchantRequestId() + " is not the push's "
                    + push.merchantRequestId().value();
        }
        return null;
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

    /** The ledger failed a live callback's first read: nothing was written, and nothing is worth trying again now. */
    private static final class LedgerUnreachable extends RuntimeException {

        private static final long serialVersionUID = 1L;

        LedgerUnreachable(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
        }
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
