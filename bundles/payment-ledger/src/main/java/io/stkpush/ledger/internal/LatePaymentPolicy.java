package io.stkpush.ledger.internal;

import java.util.Locale;

/** What happens to a payment that completes after the operator stopped waiting or the window closed. */
public enum LatePaymentPolicy {
    /** Held under Unredeemed Payments, with the subscriber it was meant for, until an operator links it. */
    UNREDEEMED,
    /** Linked to the subscriber the push was for, as if the operator had still been waiting. */
    AUTO_LINK;

    /** Reads the configuration value ({@code unredeemed} or {@code auto-link}). */
    public static LatePaymentPolicy parse(String value) {
        String normalised = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (normalised) {
            case "unredeemed":
                return UNREDEEMED;
            case "auto-link":
                return AUTO_LINK;
            default:
                throw new IllegalArgumentException("latePaymentPolicy must be 'unredeemed' or 'auto-link', not '"
                        + value + "'");
        }
    }
}
