package io.stkpush.push.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

/** A host's subscribers, in a list. */
final class InMemoryDirectory implements SubscriberDirectory {

    private final List<Subscriber> subscribers = new ArrayList<>();

    Subscriber add(String id, String name, String account) {
        Subscriber subscriber = new Subscriber(new SubscriberId(id), name, account, null, "Home 10 Mbps", null);
        subscribers.add(subscriber);
        return subscriber;
    }

    @Override
    public List<Subscriber> search(String query, int limit) {
        return subscribers.stream().filter(s -> s.name().contains(query)).limit(limit).toList();
    }

    @Override
    public Optional<Subscriber> find(SubscriberId id) {
        return subscribers.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    @Override
    public Optional<Subscriber> findByAccount(String account) {
        String wanted = account.strip().toLowerCase(Locale.ROOT);
        return subscribers.stream().filter(s -> s.account() != null)
                .filter(s -> s.account().strip().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }
}
