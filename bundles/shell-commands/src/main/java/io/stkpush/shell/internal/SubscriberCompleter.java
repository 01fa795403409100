package io.stkpush.shell.internal;

import java.util.List;
import java.util.Map;

import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Completes subscriber ids from the host's directory, each described by name. The directory searches names,
 * account numbers and phones, not ids, so the ids offered are those of the subscribers it finds for the typed text
 * and of the first ones it lists, that start with what was typed.
 */
@Service
public class SubscriberCompleter extends IdCompletion {

    static final int OFFERED = 50;

    @Reference(optional = true)
    SubscriberDirectory directory;

    /** Ids starting with {@code typed}, each with the subscriber's name. */
    @Override
    void collect(String typed, Map<String, String> ids) {
        if (directory == null) {
            return;
        }
        for (String query : typed.isBlank() ? List.of("") : List.of(typed, "")) {
            for (Subscriber subscriber : directory.search(query, OFFERED)) {
                if (subscriber.id().value().startsWith(typed)) {
                    ids.putIfAbsent(subscriber.id().value(), subscriber.name());
                }
            }
        }
    }
}
