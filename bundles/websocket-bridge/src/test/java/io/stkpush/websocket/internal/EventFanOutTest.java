package io.stkpush.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.stkpush.api.OperatorName;
import io.stkpush.api.PaymentEvent;
import io.stkpush.api.PaymentEvent.Type;
import io.stkpush.api.PaymentId;
import io.stkpush.api.PushId;
import io.stkpush.api.PushStatus;
import io.stkpush.api.Receipt;
import io.stkpush.api.SubscriberId;

import org.junit.jupiter.api.Test;

/**
 * Who gets which event, and that a slow or dead page never holds up the thread that settled the payment: the
 * publisher only queues, the worker hands one message at a time to the container, a page that falls behind is
 * closed, a page that fails is dropped.
 */
class EventFanOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2025-03-10T09:30:02Z");
    private static final PushId PUSH = PushId.parse("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b");
    private static final SubscriberId GRACE = new SubscriberId("sub-0001");

    /** The worker's queue, run by hand: what the publisher left for it is visible. */
    private final ArrayDeque<Runnable> worker = new ArrayDeque<>();
    private final EventFanOut pages = new EventFanOut(worker::add, 3, () -> AT);

    @Test
    void everyPageGetsTheEventAsJsonInTheOrderPublished() throws Exception {
        FakeConnection one = join("one", EventFilter.EVERYTHING);
        FakeConnection two = join("two", EventFilter.EVERYTHING);

        pages.publish(confirmed(PUSH, GRACE));
        pages.publish(recorded(PUSH, GRACE));
        runWorker();

        for (FakeConnection page : List.of(one, two)) {
            assertEquals(List.of("push_status_changed", "payment_recorded"), types(page));
            assertEquals(PUSH.toString(), json(page.written.get(0)).get("pushId").asText());
        }
    }

    @Test
    void theSettlingThreadOnlyQueues() {
        FakeConnection page = join("page", EventFilter.EVERYTHING);

        pages.publish(confirmed(PUSH, GRACE));

        assertEquals(0, page.handedOver(), "nothing is sent on the publisher's thread");
        assertEquals(1, worker.size());
        runWorker();
        assertEquals(1, page.written.size());
    }

    @Test
    void aPageNarrowedToAPushOrASubscriberGetsOnlyThat() {
        PushId other = PushId.random();
        FakeConnection onePush = join("push", new EventFilter(PUSH, null));
        FakeConnection oneSubscriber = join("subscriber", new EventFilter(null, GRACE));
        FakeConnection both = join("both", new EventFilter(PUSH, new SubscriberId("sub-0002")));

        pages.publish(confirmed(PUSH, GRACE));
        pages.publish(confirmed(other, GRACE));
        pages.publish(confirmed(other, new SubscriberId("sub-0002")));
        pages.publish(new PaymentEvent(Type.PAYMENT_RECORDED, null, GRACE, null, null, null, new Receipt("SBX1"),
                PaymentId.random(), AT)); // a Paybill payment: no push
        runWorker();

        assertEquals(1, onePush.written.size());
        assertEquals(PUSH.toString(), json(onePush.written.get(0)).get("pushId").asText());
        assertEquals(3, oneSubscriber.written.size());
        assertTrue(both.written.isEmpty());
    }

    @Test
    void oneMessageAtATimeIsWithTheContainerTheRestWaitInOrder() {
        FakeConnection page = join("page", EventFilter.EVERYTHING).slow();

        pages.publish(confirmed(PUSH, GRACE));
        pages.publish(recorded(PUSH, GRACE));
        runWorker();
        assertEquals(1, page.handedOver());

        page.writeOne();
        runWorker();
        assertEquals(2, page.handedOver());
        page.writeOne();
        runWorker();
        assertEquals(List.of("push_status_changed", "payment_recorded"), types(page));
    }

    @Test
    void aPageThatFallsBehindIsClosedAndTheOthersKeepUp() {
        FakeConnection slow = join("slow", EventFilter.EVERYTHING).slow();
        FakeConnection quick = join("quick", EventFilter.EVERYTHING);

        pages.publish(confirmed(PUSH, GRACE));
        runWorker(); // the first is with the container and never written
        IntStream.range(0, 3).forEach(i -> {
            pages.publish(recorded(PUSH, GRACE));
            runWorker();
        }); // the queue limit: 3 waiting behind the one in flight
        assertTrue(slow.closes.isEmpty());
        pages.publish(recorded(PUSH, GRACE));
        runWorker();

        assertEquals(List.of(new FakeConnection.Close(1008,
                "Too slow: more than 3 events waiting. Reconnect and refresh.")), slow.closes);
        assertEquals(1, pages.connected());
        assertEquals(5, quick.written.size());
        pages.publish(recorded(PUSH, GRACE));
        slow.writeOne(); // the container finally writes the old one: nothing more follows
        runWorker();
        assertEquals(1, slow.handedOver());
        assertEquals(6, quick.written.size());
    }

    @Test
    void aPageWhoseSendFailsIsDropped() {
        FakeConnection gone = join("gone", EventFilter.EVERYTHING).failing(new IOException("Broken pipe"));
        FakeConnection closedByContainer = join("closed", EventFilter.EVERYTHING)
                .refusing(new IllegalStateException("Session closed"));
        FakeConnection fine = join("fine", EventFilter.EVERYTHING);

        pages.publish(confirmed(PUSH, GRACE));
        runWorker();

        assertEquals(List.of(new FakeConnection.Close(1011, "Could not send")), gone.closes);
        assertEquals(List.of(new FakeConnection.Close(1011, "Could not send")), closedByContainer.closes);
        assertEquals(1, pages.connected());
        pages.publish(recorded(PUSH, GRACE));
        runWorker();
        assertEquals(1, gone.handedOver());
        assertEquals(2, fine.written.size());
    }

    @Test
    void heartbeatsGoToEveryPageWhateverItListensTo() {
        FakeConnection narrowed = join("narrowed", new EventFilter(PushId.random(), null));
        FakeConnection all = join("all", EventFilter.EVERYTHING);

        pages.heartbeat();
        runWorker();

        for (FakeConnection page : List.of(narrowed, all)) {
            assertEquals(List.of("{\"type\":\"heartbeat\",\"at\":\"2025-03-10T09:30:02Z\"}"), page.written);
        }
    }

    @Test
    void aPageThatLeftGetsNothingMore() {
        FakeConnection page = join("page", EventFilter.EVERYTHING);
        pages.leave("page");

        pages.publish(confirmed(PUSH, GRACE));
        pages.heartbeat();
        runWorker();

        assertTrue(page.written.isEmpty());
        assertTrue(page.closes.isEmpty(), "it closed itself");
        assertEquals(0, pages.connected());
    }

    @Test
    void stoppingClosesEveryPageGoingAwayAndTurnsNewOnesAway() {
        FakeConnection one = join("one", EventFilter.EVERYTHING);
        FakeConnection two = join("two", new EventFilter(PUSH, null)).slow();
        pages.publish(confirmed(PUSH, GRACE));
        runWorker();

        pages.closeAll(1001, EventFanOut.STOPPING);
        FakeConnection late = join("late", EventFilter.EVERYTHING);

        FakeConnection.Close goingAway = new FakeConnection.Close(1001, "stkpush events are stopping");
        for (FakeConnection page : List.of(one, two, late)) {
            assertEquals(List.of(goingAway), page.closes);
        }
        assertEquals(0, pages.connected());
        pages.publish(recorded(PUSH, GRACE));
        two.writeOne();
        runWorker();
        assertEquals(1, one.written.size());
        assertEquals(1, two.handedOver());
    }

    private FakeConnection join(String id, EventFilter filter) {
        FakeConnection page = new FakeConnection(id);
        pages.join(page, new Admission(new OperatorName("operator"), filter));
        return page;
    }

    private void runWorker() {
        for (Runnable task = worker.poll(); task != null; task = worker.poll()) {
            task.run();
        }
    }

    static PaymentEvent confirmed(PushId push, SubscriberId subscriber) {
        return new PaymentEvent(Type.PUSH_STATUS_CHANGED, push, subscriber, PushStatus.CONFIRMED,
                "Payment received and recorded.", "0", new Receipt("SBX1234567"), PaymentId.random(), AT);
    }

    static PaymentEvent recorded(PushId push, SubscriberId subscriber) {
        return new PaymentEvent(Type.PAYMENT_RECORDED, push, subscriber, PushStatus.CONFIRMED, null, "0",
                new Receipt("SBX1234567"), PaymentId.random(), AT);
    }

    private static List<String> types(FakeConnection page) {
        return page.written.stream().map(m -> json(m).get("type").asText()).toList();
    }

    private static JsonNode json(String message) {
        try {
            return JSON.readTree(message);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + message, e);
        }
    }
}
