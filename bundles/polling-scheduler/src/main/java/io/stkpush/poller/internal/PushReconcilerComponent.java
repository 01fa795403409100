package io.stkpush.poller.internal;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.stkpush.api.ProviderAnswers;
import io.stkpush.api.Push;
import io.stkpush.api.PushId;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushReconciler;
import io.stkpush.api.SettleResult;
import io.stkpush.api.UnknownPaymentException;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.StatusAnswer;
import io.stkpush.api.text.OperatorText;

/**
 * Asks the provider about one push now ({@code stkpush:reconcile}, the web console), and applies the answer through
 * {@link StatusAnswers}, exactly as a scheduled query's. It leaves the schedule alone: it takes no lease and records
 * no attempt, so the poller's next query stays when it was (asking twice is harmless: settling is idempotent, and
 * an answer that is not final changes nothing). Its own component, apart from the poller, so that a poller
 * restarting on a configuration change does not take it away.
 */
@Component(service = PushReconciler.class, immediate = true)
public class PushReconcilerComponent implements PushReconciler {

    /** Tries when the status query budget is used up, {@value #BUDGET_PAUSE_MILLIS} ms apart. */
    static final int BUDGET_ATTEMPTS = 8;
    static final long BUDGET_PAUSE_MILLIS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(PushReconcilerComponent.class);

    /** What the journal says about an answer asked for this way, beside what was done with it. */
    static final String JOURNAL_NOTE = "asked now, outside the schedule";

    private final ProviderAnswers answers;
    private final PaymentProvider provider;
    private final StatusAnswers statusAnswers;
    private final OperatorText words = OperatorText.english();

    @Activate
    public PushReconcilerComponent(@Reference(name = "answers") ProviderAnswers answers,
            @Reference(name = "provider") PaymentProvider provider) {
        this(answers, provider, Clock.systemUTC());
    }

    PushReconcilerComponent(ProviderAnswers answers, PaymentProvider provider, Clock clock) {
        this.answers = Objects.requireNonNull(answers, "answers");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.statusAnswers = new StatusAnswers(answers, clock);
    }

    /**
     * A person is asking: when the status query budget is used up for the moment (nothing was sent), try again a
     * few times in the next second or two rather than answer "busy" at once.
     */
    private StatusAnswer askWaitingForTheBudget(Push push) throws ProviderException {
        for (int attempt = 1;; attempt++) {
            try {
                return provider.queryStatus(push.checkoutRequestId());
            } catch (ProviderException e) {
                if (e.kind() != ProviderException.Kind.BUSY || attempt == BUDGET_ATTEMPTS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(BUDGET_PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(ProviderException.Kind.BUSY, PushReason.PROVIDER_BUSY, null,
                        "Interrupted while waiting to ask M-Pesa; nothing was sent.", e);
            }
        }
    }

    @Override
    public Reconciliation reconcile(PushId id) {
        Push push = answers.find(id).orElseThrow(() -> new UnknownPaymentException("No push " + id + "."));
        if (push.isSettled()) {
            return new Reconciliation(push, false, "Already settled: " + settled(push) + ".");
        }
        if (push.checkoutRequestId() == null) {
            return new Reconciliation(push, false, "Not asked: M-Pesa's answer to the prompt was lost, so there is"
                    + " no checkout request to ask about. Only its callback, if it still comes, or an operator"
                    + " can resolve this push.");
        }
        StatusAnswer answer;
        try {
            answer = askWaitingForTheBudget(push);
        } catch (ProviderException e) {
            LOG.info("Push {}: reconciling now, no status from the provider ({} {} {}): {}", id, e.kind(),
                    e.reason().code(), e.code(), e.getMessage());
            return new Reconciliation(push, true, "No status from M-Pesa: " + why(e) + " The push is unchanged.");
        }
        Optional<SettleResult> settled = statusAnswers.apply(push, answer, JOURNAL_NOTE);
        Push after = settled.map(SettleResult::push).orElseGet(() -> answers.find(id).orElse(push));
        LOG.info("Push {}: reconciled now: {} {}", id, answer.state(), answer.resultCode());
        return new Reconciliation(after, true, "M-Pesa says: " + said(answer) + " " + done(answer, settled, after));
    }

    /** The provider's own words, else the words for its reason. */
    private String said(StatusAnswer answer) {
        String text = answer.providerText() != null && !answer.providerText().isBlank() ? answer.providerText().strip()
                : answer.reason() != null ? words.reason(answer.reason(), answer.resultCode(), null)
                : "no words, result code " + answer.resultCode();
        return text.endsWith(".") ? text : text + ".";
    }

    private String done(StatusAnswer answer, Optional<SettleResult> settled, Push after) {
        if (settled.isEmpty()) {
            if (answer.state() == StatusAnswer.State.UNKNOWN) {
                return words.reason(PushReason.UNKNOWN_ANSWER, answer.resultCode(), null);
            }
            return after.needsReview() ? "No outcome yet; the push stays left for review."
                    : "No outcome yet; the scheduled status queries carry on.";
        }
        SettleResult result = settled.get();
        switch (result.kind()) {
            case SETTLED:
                return "Settled: " + settled(after) + ". " + words.push(after);
            case DUPLICATE:
                return "Already settled the same way: " + settled(after) + ".";
            default:
                return "Not applied: the push had already ended " + after.outcome() + "."
                        + (result.payment() != null ? " The payment is held under Unredeemed Payments." : "");
        }
    }

    /** The status the operator sees, and the outcome where the status does not show it (e.g. a late failure). */
    private static String settled(Push push) {
        return push.outcome().status() == push.status() ? push.status().name()
                : push.status() + " (outcome " + push.outcome() + ")";
    }

    private String why(ProviderException e) {
        if (e.reason() == PushReason.ANSWER_LOST) {
            return "it did not answer the status query.";
        }
        return words.reason(e.reason(), e.code(), e.getMessage());
    }
}
