package io.stkpush.shell.internal;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.stkpush.api.Kes;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PushId;
import io.stkpush.api.PushStatus;
import io.stkpush.api.SubscriberId;

import org.apache.karaf.shell.support.CommandException;

/** What the administrator types, checked before anything is asked of a service, with the sentence for a mistake. */
final class Input {

    /** The REST API's words for an amount M-Pesa cannot collect. */
    static final String AMOUNT_RULE = "Enter a whole amount in KES between 1 and 250,000.";

    static final String STATUSES = Arrays.stream(PushStatus.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    /** Digits, with thousands commas if typed so, and a fraction that must be zero ({@code 1500.00}). */
    private static final Pattern AMOUNT = Pattern.compile("\\d{1,3}(,\\d{3})+(\\.\\d+)?|\\d+(\\.\\d+)?");

    private Input() {
    }

    /** Whole shillings, 1 to 250,000: {@code 1500}, {@code 1,500}, {@code 1500.00}; never {@code 1500.50}. */
    static Kes amount(String text) throws CommandException {
        String typed = text == null ? "" : text.strip();
        if (!AMOUNT.matcher(typed).matches()) {
            throw new CommandException(AMOUNT_RULE);
        }
        BigDecimal amount = new BigDecimal(typed.replace(",", ""));
        if (amount.signum() <= 0 || amount.stripTrailingZeros().scale() > 0
                || amount.compareTo(BigDecimal.valueOf(Kes.MAX_PER_TRANSACTION.shillings())) > 0) {
            throw new CommandException(AMOUNT_RULE);
        }
        return Kes.of(amount.longValueExact());
    }

    static PushId pushId(String text) throws CommandException {
        try {
            return PushId.parse(text.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unknownPush(text);
        }
    }

    static CommandException unknownPush(Object id) {
        return new CommandException("There is no push with the id " + id + ".");
    }

    static PaymentId paymentId(String text) throws CommandException {
        try {
            return PaymentId.parse(text.strip());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw unknownPayment(text);
        }
    }

    static CommandException unknownPayment(Object id) {
        return new CommandException("There is no payment with the id " + id + ".");
    }

    static SubscriberId subscriberId(String text) throws CommandException {
        if (text == null || text.isBlank()) {
            throw new CommandException("Give the subscriber's id.");
        }
        return new SubscriberId(text);
    }

    static CommandException unknownSubscriber(Object id) {
        return new CommandException("There is no subscriber with the id " + id + ".");
    }

    /** A status by name, any case; {@code null} when none was given. */
    static PushStatus status(String text) throws CommandException {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return PushStatus.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandException("There is no status " + text.strip() + ". Use one of " + STATUSES + ".");
        }
    }

    /** How many rows to list, 1 to {@value RecentPushes#MAX}. */
    static int limit(int limit) throws CommandException {
        if (limit < 1 || limit > RecentPushes.MAX) {
            throw new CommandException("--limit must be between 1 and " + RecentPushes.MAX + ".");
        }
        return limit;
    }
}
