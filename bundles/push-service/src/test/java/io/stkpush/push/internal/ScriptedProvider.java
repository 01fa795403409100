package io.stkpush.push.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.MerchantRequestId;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.provider.StatusAnswer;

/** A provider that answers pushes as scripted (accepting by default) and records what it was sent. */
final class ScriptedProvider implements PaymentProvider {

    private final Deque<Exception> refusals = new ArrayDeque<>();
    final List<ProviderPushRequest> sent = new ArrayList<>();
    private int accepted;

    /** The next push fails with this ({@link ProviderException} or a {@link RuntimeException}). */
    void refuseNext(Exception e) {
        refusals.add(e);
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public synchronized PushAcceptance push(ProviderPushRequest request) throws ProviderException {
        sent.add(request);
        Exception refusal = refusals.poll();
        if (refusal instanceof ProviderException e) {
            throw e;
        }
        if (refusal instanceof RuntimeException e) {
            throw e;
        }
        accepted++;
        return new PushAcceptance(new MerchantRequestId("mr-" + accepted), new CheckoutRequestId("ws_CO_" + accepted),
                "Success. Request accepted for processing");
    }

    @Override
    public StatusAnswer queryStatus(CheckoutRequestId checkoutRequestId) {
        throw new UnsupportedOperationException("the push service never queries");
    }

    ProviderPushRequest last() {
        return sent.get(sent.size() - 1);
    }
}
