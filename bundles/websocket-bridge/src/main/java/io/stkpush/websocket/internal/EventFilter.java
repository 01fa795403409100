package io.stkpush.websocket.internal;

import java.util.List;
import java.util.Map;

import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PushId;
import io.stkpush.api.SubscriberId;

/**
 * What one page listens to: every event, or only those of one push ({@code ?pushId=}) or one subscriber
 * ({@code ?subscriberId=}); both given, only events that match both.
 *
 * @param pushId       the push, or {@code null} for any
 * @param subscriberId the subscriber, or {@code null} for any
 */
record EventFilter(PushId pushId, SubscriberId subscriberId) {

    static final EventFilter EVERYTHING = new EventFilter(null, null);

    /**
     * From the WebSocket URL's query parameters; others (the ticket) are not looked at.
     *
     * @throws IllegalArgumentException with what is wrong, in words for the page's developer
     */
    static EventFilter of(Map<String, List<String>> parameters) {
        String push = single(parameters, "pushId");
        String subscriber = single(parameters, "subscriberId");
        PushId pushId = null;
        if (push != null) {
            try {
                pushId = PushId.parse(push);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'pushId' must be the id of a payment request.");
            }
        }
        return new EventFilter(pushId, subscriber == null ? null : new SubscriberId(subscriber));
    }

    /** The one value of a parameter, stripped; {@code null} when absent or blank. */
    static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' may be given once.");
        }
        String value = values.get(0) == null ? "" : values.get(0).strip();
        return value.isEmpty() ? null : value;
    }

    boolean matches(PaymentEvent event) {
        return (pushId == null || pushId.equals(event.pushId()))
                && (subscriberId == null || subscriberId.equals(event.subscriberId()));
    }
}
