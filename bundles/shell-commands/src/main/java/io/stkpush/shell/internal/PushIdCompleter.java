package io.stkpush.shell.internal;

import java.util.Map;

import io.stkpush.api.Push;
import io.stkpush.api.PushPayments;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Completes push ids: the most recent pushes, as {@code stkpush:pushes} lists them. */
@Service
public class PushIdCompleter extends IdCompletion {

    static final int OFFERED = 50;

    @Reference(optional = true)
    PushPayments pushes;

    /** Each recent push's id with "subscriber, amount, status". */
    @Override
    void collect(String typed, Map<String, String> ids) {
        if (pushes == null) {
            return;
        }
        for (Push push : pushes.recentPushes(null, OFFERED)) {
            ids.put(push.id().toString(), push.subscriberId() + ", " + Shown.amount(push.amount()) + ", "
                    + Shown.status(push));
        }
    }
}
