package io.stkpush.host;

import java.util.Optional;

import io.stkpush.api.OperatorName;

import org.osgi.annotation.versioning.ConsumerType;

/** Tells stkpush who is calling its operator API, the way the host's own portal knows. */
@ConsumerType
public interface OperatorAuthenticator {

    /**
     * The operator behind a request, or empty when the request carries no valid operator credentials.
     *
     * @param request what the host needs to know the caller
     */
    Optional<OperatorName> authenticate(OperatorRequest request);
}
