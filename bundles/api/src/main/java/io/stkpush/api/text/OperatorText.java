package io.stkpush.api.text;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

import io.stkpush.api.Kes;
import io.stkpush.api.Payment;
import io.stkpush.api.Push;
import io.stkpush.api.PushReason;
import io.stkpush.api.PushStatus;
import io.stkpush.api.UnredeemedReason;

/**
 * Renders what the operator reads about pushes and payments from what the ledger stores (statuses, reason codes,
 * amounts), in one place. The sentences live in {@code operator.properties} beside this class; a translation is a
 * {@code operator_<language>.properties} next to it (e.g. {@code _sw} for Swahili), used by {@link #in(Locale)}.
 */
public final class OperatorText {

    private static final String BUNDLE = "io.stkpush.api.text.operator";
    private static final OperatorText ENGLISH = new OperatorText(Locale.ROOT);

    private final Locale locale;
    private final ResourceBundle words;

    private OperatorText(Locale locale) {
        this.locale = locale;
        // this bundle's own class loader: the sentences are resources of the api bundle, not exported
        this.words = ResourceBundle.getBundle(BUNDLE, locale, OperatorText.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /** The words as shipped (English). */
    public static OperatorText english() {
        return ENGLISH;
    }

    /** The words in {@code locale} where a translation exists, English otherwise. */
    public static OperatorText in(Locale locale) {
        return Locale.ROOT.equals(locale) ? ENGLISH : new OperatorText(locale);
    }

    /**
     * What the operator reads about a push: the words for its reason when it has one, otherwise the user guide's
     * words for its status.
     */
    public String push(Push push) {
        Objects.requireNonNull(push, "push");
        if (push.reason() != null) {
            return reason(push.reason(), push.resultCode(), push.providerText(), push.paidAmount(), push.amount());
        }
        if (push.providerText() != null && !push.providerText().isBlank()) {
            return push.providerText(); // written before reasons were stored as codes
        }
        if (push.status() == PushStatus.TIMEOUT && push.createdAt() != null && push.waitUntil() != null
                && push.waitUntil().isAfter(push.createdAt())) {
            long seconds = Math.round(Duration.between(push.createdAt(), push.waitUntil()).toMillis() / 1000.0);
            return format("status.timeout.window", Long.toString(seconds));
        }
        return format("status." + key(push.status().name()));
    }

    /** The words for a status alone (no push at hand). */
    public String status(PushStatus status) {
        return format("status." + key(status.name()));
    }

    /**
     * The words for a reason.
     *
     * @param resultCode   the provider's raw code, named when the answer was not understood
     * @param providerText the provider's own words, shown for {@link PushReason#PROVIDER_REFUSED}
     */
    public String reason(PushReason reason, String resultCode, String providerText) {
        return reason(reason, resultCode, providerText, null, null);
    }

    private String reason(PushReason reason, String resultCode, String providerText, Kes paid, Kes asked) {
        switch (reason) {
            case PROVIDER_REFUSED:
                return providerText != null && !providerText.isBlank() ? providerText
                        : format("reason.provider_refused");
            case UNKNOWN_ANSWER:
                return resultCode == null || resultCode.isBlank() ? format("reason.unknown_answer.no_code")
                        : format("reason.unknown_answer", resultCode.strip());
            case AMOUNT_MISMATCH_HELD:
                return paid == null || asked == null ? format("reason.amount_mismatch_held")
                        : format("reason.amount_mismatch_held.amounts", shillings(paid), shillings(asked));
            default:
                return format("reason." + reason.code());
        }
    }

    /** An event's words for a payment just recorded, linked or held. */
    public String paymentRecorded(Payment payment) {
        if (!payment.isUnredeemed()) {
            return format("payment.recorded", shillings(payment.amount()));
        }
        return format("payment.held", shillings(payment.amount()),
                payment.unredeemedReason() == null ? "" : payment.unredeemedReason().code());
    }

    /** An event's words for a payment an operator linked by hand. */
    public String paymentLinked(Payment payment) {
        return format("payment.linked", String.valueOf(payment.subscriberId()), String.valueOf(payment.linkedBy()));
    }

    /** Why a payment is held under Unredeemed Payments. */
    public String unredeemed(UnredeemedReason reason) {
        return format("unredeemed." + reason.code());
    }

    /** The locale these words are in ({@link Locale#ROOT} for English as shipped). */
    public Locale locale() {
        return locale;
    }

    private String format(String key, Object... args) {
        String pattern;
        try {
            pattern = words.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("No operator words for " + key, e);
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    private static String shillings(Kes amount) {
        return Long.toString(amount.shillings());
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
