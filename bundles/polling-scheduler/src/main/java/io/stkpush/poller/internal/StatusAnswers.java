package io.stkpush.poller.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.JournaledMessage;
import io.stkpush.api.Outcome;
import io.stkpush.api.PaidDetails;
import io.stkpush.api.PaymentSource;
import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.ProviderEvent;
import io.stkpush.api.Push;
import io.stkpush.api.SettleResult;
import io.stkpush.api.Settlement;
import io.stkpush.api.provider.StatusAnswer;

/**
 * Applies the provider's answer to a status query, whoever asked: the scheduled poller or an administrator asking
 * now ({@link PushReconcilerComponent}). One path for both, "journal, act, mark", as for callbacks: the answer is
 * journaled first; a final one is settled through {@link ProviderAnswers}, which notes what it did; any other is
 * noted as such. Rescheduling is the poller's business, not this class's.
 */
final class StatusAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(StatusAnswers.class);

    private final ProviderAnswers answers;
    private final Clock clock;

    StatusAnswers(ProviderAnswers answers, Clock clock) {
        this.answers = Objects.requireNonNull(answers, "answers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param note what the journal should also say about this answer (e.g. who asked), or {@code null}
     * @return what settling did, or empty when the answer was not final (pending, or a code nobody mapped)
     */
    Optional<SettleResult> apply(Push push, StatusAnswer answer, String note) {
        JournaledMessage message = answers.journal(new ProviderEvent(ProviderEvent.Channel.STATUS_QUERY, push.id(),
                null, describe(push, answer)));
        message.note(note);
        if (answer.state() != StatusAnswer.State.FINAL) {
            answers.mark(message, ProviderEvent.Disposition.NOTED, null);
            if (answer.state() == StatusAnswer.State.UNKNOWN) {
                LOG.warn("Push {}: the provider answered with unmapped code {} ({}); still reconciling, needs review",
                        push.id(), answer.resultCode(), answer.providerText());
            }
            return Optional.empty();
        }
        return Optional.of(answers.settle(message, new Settlement(push.id(), answer.outcome(), answer.reason(),
                answer.resultCode(), answer.providerText(), paidDetails(push, answer),
                Settlement.Evidence.STATUS_QUERY)));
    }

    /** A query reports success without receipt, amount or phone: the amount asked stands until the callback. */
    private PaidDetails paidDetails(Push push, StatusAnswer answer) {
        if (answer.outcome() != Outcome.SUCCEEDED) {
            return null;
        }
        return new PaidDetails(null, push.amount(), push.phone().msisdn(), clock.instant(), PaymentSource.STK);
    }

    /** The answer as journaled: the provider's code and words as data, the reason as its code. */
    private static String describe(Push push, StatusAnswer answer) {
        return "status of " + push.checkoutRequestId() + ": " + answer.state()
                + (answer.outcome() == null ? "" : " " + answer.outcome())
                + (answer.reason() == null ? "" : " " + answer.reason().code())
                + (answer.resultCode() == null ? "" : " code " + answer.resultCode())
                + (answer.providerText() == null ? "" : " (" + answer.providerText() + ")");
    }
}
