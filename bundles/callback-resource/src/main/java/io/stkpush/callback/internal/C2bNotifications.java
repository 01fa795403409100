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

    C2bNotifications(ProviderAnswers answers, Clock clock) {
        this.gate = new HookGate(answers);
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
        JournaledMessage entry = intake.entry();
        try {
            C2bNotification notification = C2bNotification.parse(intake.body());
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
        JournaledMessage entry = intake.entry();
        try {
            C2bPayment payment = payment(entry, C2bNotification.parse(intake.body()));
            // the push service marks the entry SETTLED or DUPLICATE
            RecordedPayment recorded = answers.recordC2bPayment(entry, payment);
            LOG.info("C2B confirmation {} {}: {} (journal {})", payment.receipt(), payment.amount(),
                    recorded.duplicate() ? "duplicate" : "recorded", entry.id());
            return HookAnswer.c2bConfirmed();
        } catch (InvalidCallbackException e) {
            answers.mark(entry, Disposition.REJECTED, e.getMessage());
            LOG.warn("C2B confirmation refused: {} (journal {})", e.getMessage(), entry.id());
            return HookAnswer.invalid(e.getMessage());
        } catch (RuntimeException e) {
            answers.mark(entry, Disposition.RECEIVED, "not processed: " + e.getClass().getSimpleName());
            LOG.error("C2B confirmation journaled ({}) but not processed: {}", entry.id(), e.toString());
            return HookAnswer.unavailable();
        }
    }

    private C2bPayment payment(JournaledMessage entry, C2bNotification notification) throws InvalidCallbackException {
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
        Instant paidAt = notification.paidAt();
        if (paidAt == null) {
            entry.note("TransTime missing or unreadable; time of receipt used");
            paidAt = clock.instant();
        }
        return new C2bPayment(new Receipt(notification.transactionId()), amount, notification.msisdn(), paidAt,
                notification.billRefNumber());
    }
}
