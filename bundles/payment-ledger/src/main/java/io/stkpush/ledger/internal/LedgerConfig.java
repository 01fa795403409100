package io.stkpush.ledger.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration PID {@code io.stkpush.ledger} ({@code etc/io.stkpush.ledger.cfg}). */
@ObjectClassDefinition(id = LedgerComponent.PID, name = "stkpush payment ledger",
        description = "Where pushes, payments and provider messages are kept.")
public @interface LedgerConfig {

    @AttributeDefinition(name = "Late payment policy",
            description = "What happens to a payment that completes after the operator stopped waiting or the"
                    + " waiting window closed.",
            options = {
                @Option(value = "unredeemed", label = "Hold it under Unredeemed Payments for an operator to link"),
                @Option(value = "auto-link", label = "Link it to the subscriber the push was for")
            })
    String latePaymentPolicy() default "unredeemed";
}
