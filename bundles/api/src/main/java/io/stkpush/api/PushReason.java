package io.stkpush.api;

import java.util.Locale;

/**
 * Why a push stands as it does, in words no provider owns: a provider maps its own result codes to one of these
 * (and keeps its raw code and text beside it), the ledger stores the {@link #code()}, and
 * {@link io.stkpush.api.text.OperatorText} renders the words every screen shows.
 */
public enum PushReason {
    /** Paid. */
    PAID,
    /** The subscriber has not answered yet. */
    PENDING,
    /** The subscriber cancelled the prompt on the phone. */
    CANCELLED_BY_SUBSCRIBER,
    /** The phone never answered: off, out of network, or ignored. */
    NO_RESPONSE,
    /** The prompt expired before the subscriber answered. */
    PROMPT_EXPIRED,
    /** Not enough money in the subscriber's mobile-money account. */
    INSUFFICIENT_FUNDS,
    /** The subscriber entered a wrong PIN. */
    WRONG_PIN,
    /** The subscriber's PIN is locked. */
    PIN_LOCKED,
    /** The number is not registered for mobile money. */
    NOT_REGISTERED,
    /** The subscriber's phone is busy with another mobile-money session. */
    SUBSCRIBER_BUSY,
    /** The provider is busy or rate-limiting; nothing was sent. */
    PROVIDER_BUSY,
    /** The provider cannot be reached; nothing was sent. */
    PROVIDER_UNREACHABLE,
    /** The provider had an internal error. */
    PROVIDER_ERROR,
    /** The amount is below the provider's minimum. */
    AMOUNT_BELOW_MINIMUM,
    /** The amount is above the provider's maximum for one transaction. */
    AMOUNT_ABOVE_MAXIMUM,
    /** The payment would exceed the subscriber's daily limit. */
    DAILY_LIMIT_EXCEEDED,
    /** The payment would exceed the business account's maximum balance. */
    BUSINESS_BALANCE_LIMIT,
    /** The provider refused a duplicate request. */
    DUPLICATE_REQUEST,
    /** The same amount to the same number again too soon. */
    REPEATED_TOO_SOON,
    /** The provider could not deliver the prompt to the phone. */
    PROMPT_NOT_DELIVERED,
    /** The prompt's text is too long for the phone. */
    PROMPT_TOO_LONG,
    /** The provider could not authenticate the payment. */
    AUTHENTICATION_FAILED,
    /**
     * The provider refused the request for a reason only it can explain (its configuration, its address, its
     * products): the words are the provider's own text, kept with the push.
     */
    PROVIDER_REFUSED,
    /** The provider answered with a code nobody mapped (or none): needs review, never a failure. */
    UNKNOWN_ANSWER,
    /** The provider's answer to the push was lost: the prompt may be on the phone. */
    ANSWER_LOST,
    /** The request could not be prepared here; nothing was sent. */
    NOT_PREPARED,
    /** Paid after the operator stopped waiting or the window closed: held under Unredeemed Payments. */
    LATE_PAYMENT_HELD,
    /** Paid, but not the amount asked: held under Unredeemed Payments. */
    AMOUNT_MISMATCH_HELD;

    /** The code stored and shown in the API, e.g. {@code wrong_pin}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The reason a stored {@link #code()} names. */
    public static PushReason ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
