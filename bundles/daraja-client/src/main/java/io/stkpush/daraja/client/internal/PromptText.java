package io.stkpush.daraja.client.internal;

/**
 * AccountReference and TransactionDesc as Daraja takes them. Both are always sent: an empty TransactionDesc
 * is refused with {@code Invalid Remarks}, and a long prompt fails the push (result codes 1025, 1101).
 */
final class PromptText {

    static final int ACCOUNT_REFERENCE_MAX = 12;
    static final int DESCRIPTION_MAX = 13;

    private PromptText() {
    }

    /** The push's own reference, made safe, or the configured one when nothing is left of it. */
    static String accountReference(String requested, String configured) {
        return fit(requested, configured, ACCOUNT_REFERENCE_MAX);
    }

    static String description(String requested, String configured) {
        return fit(requested, configured, DESCRIPTION_MAX);
    }

    /** Letters, digits, spaces and {@code . _ -} only, single spaces, at most {@code max} characters. */
    static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        String cleaned = text.replaceAll("[^A-Za-z0-9 ._-]", "").replaceAll("\\s+", " ").strip();
        if (cleaned.length() > max) {
            cleaned = cleaned.substring(0, max).strip();
        }
        return cleaned;
    }

    private static String fit(String requested, String configured, int max) {
        String text = clean(requested, max);
        if (text.isEmpty()) {
            text = clean(configured, max);
        }
        // configuration is validated non-empty; this only guards against a bad fallback
        return text.isEmpty() ? "stkpush" : text;
    }
}
