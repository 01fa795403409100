package io.stkpush.portal.gate;

import java.security.Principal;

import javax.ws.rs.core.SecurityContext;

import io.stkpush.api.OperatorName;

/** The operator the gate's filter recognised, handed to the resources as the request's security context. */
final class OperatorSecurityContext implements SecurityContext {

    private final OperatorName operator;
    private final boolean secure;

    OperatorSecurityContext(OperatorName operator, boolean secure) {
        this.operator = operator;
        this.secure = secure;
    }

    OperatorName operator() {
        return operator;
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
