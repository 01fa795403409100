package io.stkpush.api;

import java.util.Objects;

/**
 * A push after a conditional change of its status.
 *
 * @param push    the push as it stands afterwards
 * @param changed true when this call made the change (and so is the one to announce it), false when the push was
 *                already past it
 */
public record PushChange(Push push, boolean changed) {

    public PushChange {
        Objects.requireNonNull(push, "push");
    }
}
