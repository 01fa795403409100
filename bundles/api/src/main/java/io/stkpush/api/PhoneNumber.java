package io.stkpush.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Safaricom mobile number in the international form M-Pesa expects: {@code 2547XXXXXXXX} or
 * {@code 2541XXXXXXXX}. Parse operator input with {@link #parse(String)}; the core never sees another form.
 */
public record PhoneNumber(String msisdn) {

    private static final Pattern MSISDN = Pattern.compile("254[17]\\d{8}");

    public PhoneNumber {
        Objects.requireNonNull(msisdn, "msisdn");
        if (!MSISDN.matcher(msisdn).matches()) {
            throw new IllegalArgumentException("not a 2547XXXXXXXX or 2541XXXXXXXX number: " + masked(msisdn));
        }
    }

    /**
     * Accepts what operators type: {@code 0712345678}, {@code 0112345678}, {@code 254712345678},
     * {@code +254712345678}, with spaces or dashes anywhere.
     *
     * @throws InvalidPhoneNumberException with a message an operator can act on
     */
    public static PhoneNumber parse(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidPhoneNumberException("Enter the subscriber's phone number.");
        }
        String digits = input.strip().replaceAll("[\\s-]", "");
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (digits.matches("0[17]\\d{8}")) {
            digits = "254" + digits.substring(1);
        }
        if (!MSISDN.matcher(digits).matches()) {
            throw new InvalidPhoneNumberException(
                    "Enter a Safaricom number like 0712345678 or 254712345678.");
        }
        return new PhoneNumber(digits);
    }

    /** For logs: {@code 2547****5678}. */
    public String masked() {
        return masked(msisdn);
    }

    /** The local form operators know: {@code 0712345678}. */
    public String local() {
        return "0" + msisdn.substring(3);
    }

    static String masked(String value) {
        if (value == null || value.length() < 8) {
            return "****";
        }
        return value.substring(0, 4) + "****" + value.substring(value.length() - 4);
    }

    @Override
    public String toString() {
        return masked();
    }
}
