package io.stkpush.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

/** A few subscribers, searched by name, account or phone as the demo host does (an empty query lists them all). */
final class FakeDirectory implements SubscriberDirectory {

    static final Subscriber GRACE = new Subscriber(new SubscriberId("sub-0001"), "Grace Wanjiku", "ACC-0001",
            "0700000000", "Home 5 Mbps", null);
    static final Subscriber PETER = new Subscriber(new SubscriberId("sub-0014"), "Peter Njoroge", "ACC-0014",
            "0712 345 613", "Home 10 Mbps", null);
    static final Subscriber WALK_IN = new Subscriber(new SubscriberId("walk-in"), "Walk-in Customer", "ACC-0099",
            null, null, null);
    static final Subscriber LANDLINE = new Subscriber(new SubscriberId("sub-0200"), "Office Landline", "ACC-0200",
            "020 1234567", null, null);

    final List<Subscriber> subscribers = new ArrayList<>(List.of(GRACE, PETER, WALK_IN, LANDLINE));
    final List<String> searches = new ArrayList<>();
    RuntimeException failure;

    @Override
    public List<Subscriber> search(String query, int limit) {
        fail();
        searches.add(query);
        String q = query.toLowerCase(Locale.ROOT);
        return subscribers.stream()
                .filter(s -> s.name().toLowerCase(Locale.ROOT).contains(q) || s.account().toLowerCase(Locale.ROOT)
                        .contains(q) || (s.phone() != null && s.phone().replace(" ", "").contains(q)))
                .limit(limit).toList();
    }

    @Override
    public Optional<Subscriber> find(SubscriberId id) {
        fail();
        return subscribers.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public Optional<Subscriber> findByAccount(String account) {
        fail();
        return subscribers.stream().filter(s -> s.account().equalsIgnoreCase(account.strip())).findFirst();
    }

    private void fail() {
        if (failure != null) {
            throw failure;
        }
    }
}
