package io.stkpush.demo.host.internal;

/**
 * A Kenyan phone reduced to its national digits, so {@code 0708 374 149}, {@code 254708374149} and
 * {@code +254-708-374149} all become {@code 708374149}: the form subscribers are stored and searched by.
 */
final class PhoneDigits {

    private PhoneDigits() {
    }

    /** The national digits of a stored phone, or {@code null} when there are none. */
    static String of(String phone) {
        if (phone == null) {
            return null;
        }
        String digits = phone.replaceAll("\\D", "");
        if (digits.startsWith("254")) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0")) {
            digits = digits.substring(1);
        }
        return digits.isEmpty() ? null : digits;
    }

    /**
     * The digits to look for when a search query looks like (part of) a phone number: only digits, spaces,
     * dashes and a leading plus, at least three digits. {@code null} for anything else.
     */
    static String ofQuery(String query) {
        if (query == null || !query.strip().matches("\\+?[\\d\\s-]+")) {
            return null;
        }
        String digits = of(query);
        return digits == null || digits.length() < 3 ? null : digits;
    }
}
