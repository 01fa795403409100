package io.stkpush.shell.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.stkpush.api.InvalidPhoneNumberException;
import io.stkpush.api.Kes;
import io.stkpush.api.PhoneNumber;
import io.stkpush.api.Push;

/** How values read on the console: amounts in KES, times in the server's zone, phones always masked. */
final class Shown {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private Shown() {
    }

    static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.withZone(zone).format(at);
    }

    /** {@code KES 1,500}. */
    static String amount(Kes amount) {
        return amount == null ? "" : String.format(Locale.ROOT, "KES %,d", amount.shillings());
    }

    static String phone(PhoneNumber phone) {
        return phone == null ? "" : phone.masked();
    }

    /**
     * The paying phone as the provider reported it (a number, or masked or hashed by Safaricom), masked like
     * {@link PhoneNumber#masked()}: {@code 2547****5678}.
     */
    static String payerPhone(String reported) {
        if (reported == null || reported.isBlank()) {
            return "";
        }
        try {
            return PhoneNumber.parse(reported).masked();
        } catch (InvalidPhoneNumberException e) {
            String text = reported.strip();
            return text.length() < 8 ? "****" : text.substring(0, 4) + "****" + text.substring(text.length() - 4);
        }
    }

    /** A push's status, marked when it is left for review. */
    static String status(Push push) {
        return push.needsReview() ? push.status().name() + ", review" : push.status().name();
    }

    static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
