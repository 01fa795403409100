package io.stkpush.poller.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.stkpush.api.CheckoutRequestId;
import io.stkpush.api.Outcome;
import io.stkpush.api.PushReason;
import io.stkpush.api.provider.PaymentProvider;
import io.stkpush.api.provider.ProviderPushRequest;
import io.stkpush.api.provider.PushAcceptance;
import io.stkpush.api.provider.ProviderException;
import io.stkpush.api.provider.StatusAnswer;

/**
 * A provider whose status answers are scripted per checkout id; once a script runs out it answers "still
 * processing" (4999), as Daraja does while the subscriber has not answered. Every query is recorded.
 */
final class ScriptedStatuses implements PaymentProvider {

    static final StatusAnswer PENDING = new StatusAnswer(StatusAnswer.State.PENDING, null, PushReason.PENDING,
            "4999", "The transaction is still under processing");
    static final StatusAnswer PAID = new StatusAnswer(StatusAnswer.State.FINAL, Outcome.SUCCEEDED, PushReason.PAID,
            "0", "The service request is processed successfully.");
    static final StatusAnswer CANCELLED = new StatusAnswer(StatusAnswer.State.FINAL, Outcome.CANCELLED,
            PushReason.CANCELLED_BY_SUBSCRIBER, "1032", "Request cancelled by user");

    /** One status query: which push, when. */
    record Query(CheckoutRequestId checkoutRequestId, Instant at) {
    }

    private final Clock clock;
    private final Map<CheckoutRequestId, Deque<Object>> scripts = new ConcurrentHashMap<>();
    final List<Query> queries = new CopyOnWriteArrayList<>();

    ScriptedStatuses(Clock clock) {
        this.clock = clock;
    }

    /** The next answers for this checkout id: {@link StatusAnswer}s, or exceptions to throw. */
    void script(CheckoutRequestId id, Object... answers) {
        scripts.computeIfAbsent(id, key -> new ArrayDeque<>()).addAll(List.of(answers));
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public PushAcceptance push(ProviderPushRequest request) {
        throw new UnsupportedOperationException("the poller never pushes");
    }

    @Override
    public StatusAnswer queryStatus(CheckoutRequestId id) throws ProviderException {
        queries.add(new Query(id, clock.instant()));
        Deque<Object> script = scripts.get(id);
        Object next = script == null ? null : script.poll();
        if (next instanceof ProviderException e) {
            throw e;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return next == null ? PENDING : (StatusAnswer) next;
    }

    List<Instant> queryTimes(CheckoutRequestId id) {
        return queries.stream().filter(q -> q.checkoutRequestId().equals(id)).map(Query::at).toList();
    }
}
