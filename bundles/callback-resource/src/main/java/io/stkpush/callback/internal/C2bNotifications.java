package io.stkpush.callback.internal;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;

import io.stkpush.api.C2bPayment;
import io.stkpush.api.JournaledMessage;
import io.stkpush.api.Kes;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent.Channel;
import io.stkpush.api.ProviderEvent.Disposition;
import io.stkpush.api.Receipt;
import io.stkpush.api.RecordedPayment;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /hooks/daraja/c2b/validation/{token}} and {@code …/confirmation/{token}}: customers paying the
 * Paybill or Till by hand (and, on a Paybill, STK payments notified a second time). Validation accepts every
 * payment and records nothing; a confirmation records the payment, once per receipt.
 */
final class C2bNotifications {

    private static final Logger LOG = LoggerFactory.getLogger(C2bNotifications.class);

    private final HookGate gate;
    private final ProviderAnswers answers;
    private final Clock clock;

    C2bNotifications(ProviderAnswers answers, CallbackSpool spool, Clock clock) {
        this.gate = new HookGate(answers, spool);
        this.answers = answers;
        this.clock = clock;
    }

    HookAnswer validate(CallbackSettings settings, String token, String remoteAddress, String forwardedFor,
            InputStream in) {
        Intake intake = gate.admit(settings, Channel.C2B_VALIDATION, null, tokens -> tokens.isC2bToken(token),
                remoteAddress, forwardedFor, in);
        if (!intake.isAdmitted()) {
            return intake.refusal();
        }
        JournaledMessage entry = journal(intake);
        if (entry == null) {
            // nothing to record, but the journal is the record of everything M-Pesa said: kept for it
            return spool(Channel.C2B_VALIDATION, token, intake, HookAnswer.c2bValidationAccepted());
        }
        return processValidation(entry, intake.body());
    }

    /** Validation accepts every payment and records nothing; the entry is marked NOTED (or REJECTED). */
    HookAnswer processValidation(JournaledMessage entry, String body) {
        try {
            C2bNotification notification = C2bNotification.parse(body);
            answers.mark(entry, Disposition.NOTED, "validation accepted for " + notification.transactionId());
            return HookAnswer.c2bValidationAccepted();
        } catch (InvalidCallbackException e) {
            answers.mark(entry, Disposition.REJECTED, e.getMessage());
            LOG.warn("C2B validation refused: {} (journal {})", e.getMessage(), entry.id());
            return HookAnswer.invalid(e.getMessage());
        }
    }

    HookAnswer confirm(CallbackSettings settings, String token, String remoteAddress, String forwardedFor,
            InputStream in) {
        Intake intake = gate.admit(settings, Channel.C2B_CONFIRMATION, null, tokens -> tokens.isC2bToken(token),
                remoteAddress, forwardedFor, in);
        if (!intake.isAdmitted()) {
            return intake.refusal();
        }
        JournaledMessage entry = journal(intake);
        if (entry == null) {
            return spool(Channel.C2B_CONFIRMATION, token, intake, HookAnswer.c2bConfirmed());
        }
        Instant receivedAt = clock.instant();
        try {
            return processConfirmation(entry, intake.body(), receivedAt);
        } catch (RuntimeException e) {
            // journaled, not recorded: the spool replays it once the ledger takes it
            answers.mark(entry, Disposition.RECEIVED, "not processed: " + e.getClass().getSimpleName());
            LOG.warn("C2B confirmation journaled ({}) but not processed: {}", entry.id(), e.toString());
            return gate.keep(new SpooledMessage(Channel.C2B_CONFIRMATION, null, token, intake.sender(), false,
                    receivedAt, intake.body(), entry.id()), HookAnswer.c2bConfirmed());
        }
    }

    /**
     * Records a journaled confirmation, live or replayed from the spool, once per receipt, and marks the entry.
     *
     * @param receivedAt when it arrived: the payment time when the body gives none
     * @throws RuntimeException when the ledger or the push service fails (the entry is left for the caller)
     */
    HookAnswer processConfirmation(JournaledMessage entry, String body, Instant receivedAt) {
        try {
            C2bPayment payment = payment(entry, C2bNotification.parse(body), receivedAt);
            // the push service marks the entry SETTLED or DUPLICATE
            RecordedPayment recorded = answers.recordC2bPayment(entry, payment);
            LOG.info("C2B confirmation {} {}: {} (journal {})", payment.receipt(), payment.amount(),
                    recorded.duplicate() ? "duplicate" : "recorded", entry.id());
            return HookAnswer.c2bConfirmed();
        } catch (InvalidCallbackException e) {
            answers.mark(entry, Disposition.REJECTED, e.getMessage());
            LOG.warn("C2B confirmation refused: {} (journal {})", e.getMessage(), entry.id());
            return HookAnswer.invalid(e.getMessage());
        }
    }

    /** Journals an admitted message before anything is done with it; {@code null} when the journal cannot take it. */
    private JournaledMessage journal(Intake intake) {
        try {
            return answers.journal(intake.message(), Disposition.RECEIVED, null);
        } catch (RuntimeException e) {
            LOG.debug("{} from {} could not be journaled: {}", intake.message().event().channel(), intake.sender(),
                    e.toString());
            return null;
        }
    }

    /** A body the journal could not take: refused if it is not a C2B body at all, else kept in the spool. */
    private HookAnswer spool(Channel channel, String token, Intake intake, HookAnswer success) {
        try {
            C2bNotification.parse(intake.body());
        } catch (InvalidCallbackException e) {
            LOG.warn("{} refused: {} (not journaled: the ledger cannot be reached)", channel, e.getMessage());
            return HookAnswer.invalid(e.getMessage());
        }
        return gate.keep(new SpooledMessage(channel, null, token, intake.sender(), intake.unlisted(), clock.instant(),
                intake.body(), null), success);
    }

    /**
     * The payment a confirmation reports, checked as a live one is before it is recorded.
     *
     * @throws InvalidCallbackException when it lacks the receipt or the amount, or the amount is not one
     */
    static C2bPayment payment(JournaledMessage entry, C2bNotification notification, Instant receivedAt)
            throws InvalidCallbackException {
        if (notification.transactionId() == null) {
            throw new InvalidCallbackException("TransID is missing.");
        }
        if (notification.amount() == null) {
            throw new InvalidCallbackException("TransAmount is missing.");
        }
        Kes amount;
        try {
            amount = Kes.ofDecimal(notification.amount());
        } catch (IllegalArgumentException e) {
            throw new InvalidCallbackException("TransAmount must be a whole number of shillings.");
        }
        if (amount.shillings() <= 0) {
            throw new InvalidCallbackException("TransAmount must be more than zero: nothing was paid.");
        }
        Instant paidAt = notification.paidAt();
        if (paidAt == null) {
            entry.note("TransTime missing or unreadable; time of receipt used");
            paidAt = receivedAt;
        }
        return new C2bPayment(new Receipt(notification.transactionId()), amount, notification.msisdn(), paidAt,
                notification.billRefNumber());
    }
}
