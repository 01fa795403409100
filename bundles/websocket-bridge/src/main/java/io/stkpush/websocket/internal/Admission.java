package io.stkpush.websocket.internal;

import io.stkpush.api.OperatorName;

/** An upgrade the gate let through: who opened it and what they listen to. */
record Admission(OperatorName operator, EventFilter filter) implements EventsContext.Decision {
}
