package io.stkpush.portal.internal;

import io.stkpush.api.SubscriberId;
import io.stkpush.host.Subscriber;
import io.stkpush.host.SubscriberDirectory;

/** The host's subscriber directory as the operator API uses it: 503 while it is missing, 404 for a stranger. */
final class Subscribers {

    /** What the operator reads while the host's subscriber directory is missing. */
    static final String NO_DIRECTORY = "The subscriber directory is not available right now.";

    private Subscribers() {
    }

    /** {@code directory} while there is one (an optional reference). */
    static SubscriberDirectory present(SubscriberDirectory directory) {
        return Answers.present(directory, NO_DIRECTORY);
    }

    /**
     * The subscriber with this id.
     *
     * @throws ApiProblem 503 {@code unavailable} while there is no directory, 404 {@code unknown_subscriber}
     */
    static Subscriber find(SubscriberDirectory directory, String id) {
        SubscriberDirectory present = present(directory);
        if (id == null || id.isBlank()) {
            throw unknownSubscriber();
        }
        return present.find(new SubscriberId(id)).orElseThrow(Subscribers::unknownSubscriber);
    }

    private static ApiProblem unknownSubscriber() {
        return ApiProblem.of(404, "unknown_subscriber", "There is no such subscriber.");
    }
}
