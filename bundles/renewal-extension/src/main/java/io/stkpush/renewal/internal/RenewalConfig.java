package io.stkpush.renewal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "stkpush renewals",
        description = "Renew / Change Plan paid by M-Pesa STK Push: how a paid renewal is applied by the billing system.")
@interface RenewalConfig {

    @AttributeDefinition(name = "Sweep every (ms)",
            description = "How often pending renewals are looked at; events from payments make it faster, this makes it sure.")
    long sweepMillis() default 5000;

    @AttributeDefinition(name = "First retry (s)",
            description = "Wait before asking the billing system again after it failed to renew; doubles each time.")
    int retryFirstSeconds() default 5;

    @AttributeDefinition(name = "Longest retry wait (s)")
    int retryMaxSeconds() default 300;

    @AttributeDefinition(name = "Attempts",
            description = "Calls to the billing system before a paid renewal is marked failed for an operator.")
    int attempts() default 8;

    @AttributeDefinition(name = "Lease (s)",
            description = "How long one node holds a renewal while it calls the billing system.")
    int leaseSeconds() default 120;
}
