package io.stkpush.api;

/**
 * The phone already has a prompt that is being waited on. Another one now would get the number locked by
 * M-Pesa ("Unable to lock subscriber"), so it is refused.
 */
public class PromptAlreadyOpenException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient PushId openPush;

    public PromptAlreadyOpenException(PushId openPush) {
        super("This phone already has a payment prompt open. Wait for it to finish, or stop waiting first.");
        this.openPush = openPush;
    }

    /** The push that holds the phone, or {@code null} when the ledger could not tell which. */
    public PushId openPush() {
        return openPush;
    }
}
