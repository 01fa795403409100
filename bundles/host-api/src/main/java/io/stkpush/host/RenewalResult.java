package io.stkpush.host;

import java.time.Instant;

/**
 * What a renewal did.
 *
 * @param applied      true when the subscription now runs on the plan
 * @param newExpiresAt when the renewed subscription ends, or {@code null}
 * @param message      plain-language result for the operator
 */
public record RenewalResult(boolean applied, Instant newExpiresAt, String message) {
}
