package io.stkpush.portal.internal;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import io.stkpush.api.OperatorName;

/** The operator the {@link OperatorFilter} recognised, handed to the resources as the request's security context. */
final class OperatorSecurityContext implements SecurityContext {

    private final OperatorName operator;
    private final boolean secure;

    OperatorSecurityContext(OperatorName operator, boolean secure) {
        this.operator = operator;
        this.secure = secure;
    }

    /**
     * The operator behind a request that passed the filter.
     *
     * @throws ApiProblem 401 when there is none (the filter was not applied: refuse rather than act anonymously)
     */
    static OperatorName operator(SecurityContext context) {
        if (context instanceof OperatorSecurityContext recognised) {
            return recognised.operator;
        }
        throw OperatorFilter.unauthenticated();
    }

    @Override
    public Principal getUserPrincipal() {
        return operator::value;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return "stkpush-operator";
    }
}
