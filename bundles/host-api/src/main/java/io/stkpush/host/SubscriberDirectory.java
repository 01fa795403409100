package io.stkpush.host;

import java.util.List;
import java.util.Optional;

import io.stkpush.api.SubscriberId;

import org.osgi.annotation.versioning.ConsumerType;

/** The host's subscribers, for the dialog's search and for matching C2B payments by account number. */
@ConsumerType
public interface SubscriberDirectory {

    /** Subscribers whose name, account number or phone contains {@code query}, best matches first. */
    List<Subscriber> search(String query, int limit);

    Optional<Subscriber> find(SubscriberId id);

    /** The subscriber with this account number, compared trimmed and case-insensitively. */
    Optional<Subscriber> findByAccount(String account);
}
