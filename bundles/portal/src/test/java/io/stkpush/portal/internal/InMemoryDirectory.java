package io.stkpush.portal.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

/** A few subscribers, searched by name, account or phone. */
final class InMemoryDirectory implements SubscriberDirectory {

    static final Subscriber GRACE = new Subscriber(new SubscriberId("sub-0001"), "Grace Wanjiku", "ACC-0001",
            "0700000000", "Home 5 Mbps", Instant.parse("2025-03-22T00:00:00Z"));
    static final Subscriber PETER = new Subscriber(new SubscriberId("sub-0014"), "Peter Njoroge", "ACC-0014",
            "0712 345 613", "Home 10 Mbps", null);
    static final Subscriber NO_PHONE = new Subscriber(new SubscriberId("sub-0099"), "Walk-in Customer", "ACC-0099",
            null, null, null);

    final List<Subscriber> subscribers = List.of(GRACE, PETER, NO_PHONE);

    @Override
    public List<Subscriber> search(String query, int limit) {
        String q = query.toLowerCase(Locale.ROOT);
        return subscribers.stream()
                .filter(s -> s.name().toLowerCase(Locale.ROOT).contains(q) || s.account().toLowerCase(Locale.ROOT)
                        .contains(q) || (s.phone() != null && s.phone().replace(" ", "").contains(q)))
                .limit(limit).toList();
    }

    @Override
    public Optional<Subscriber> find(SubscriberId id) {
        return subscribers.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public Optional<Subscriber> findByAccount(String account) {
        return subscribers.stream().filter(s -> s.account().equalsIgnoreCase(account.strip())).findFirst();
    }
}
