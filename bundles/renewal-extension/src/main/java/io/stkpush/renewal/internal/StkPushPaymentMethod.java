package io.stkpush.renewal.internal;

import io.stkpush.host.PaymentMethod;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * "M-Pesa STK Push" in the host's Renew / Change Plan dialog. Registered only while the renewal API can serve it
 * (its resource is active), so the method appears when the feature is installed and disappears when it is not.
 */
@Component(service = PaymentMethod.class,
        reference = @Reference(name = "resource", service = RenewalResource.class))
public class StkPushPaymentMethod implements PaymentMethod {

    static final String ID = "mpesa-stk-push";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String label() {
        return "M-Pesa STK Push";
    }

    @Override
    public String renewalEndpoint() {
        return "/stkpush/api/renewals";
    }
}
