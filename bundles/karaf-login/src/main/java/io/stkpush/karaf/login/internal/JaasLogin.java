package io.stkpush.karaf.login.internal;

import java.security.Principal;
import java.util.Set;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/** One JAAS login: the principals of a user whose password the realm accepts. */
final class JaasLogin {

    /** Makes the LoginContext; tests give one with their own JAAS Configuration. */
    @FunctionalInterface
    interface LoginContexts {
        LoginContext create(String realm, Subject subject, CallbackHandler handler) throws LoginException;
    }

    private final LoginContexts contexts;

    JaasLogin(LoginContexts contexts) {
        this.contexts = contexts;
    }

    /** Karaf's realms, as configured in the container. */
    static JaasLogin karaf() {
        return new JaasLogin(LoginContext::new);
    }

    /**
     * @return the principals the realm gives the user (user, roles, groups)
     * @throws LoginException when the realm refuses the credentials
     */
    Set<Principal> login(String realm, String user, char[] password) throws LoginException {
        // In OSGi, LoginContext finds the login modules through the context class loader; Karaf's proxy module
        // (org.apache.karaf.jaas.boot) is boot-delegated, so this bundle's loader sees it.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JaasLogin.class.getClassLoader());
        try {
            LoginContext context = contexts.create(realm, new Subject(), handler(user, password));
            context.login();
            Set<Principal> principals = Set.copyOf(context.getSubject().getPrincipals());
            try {
                context.logout();
            } catch (LoginException e) {
                // only the subject we made and dropped is affected
            }
            return principals;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static CallbackHandler handler(String user, char[] password) {
        return callbacks -> {
            for (Callback callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(user);
                } else if (callback instanceof PasswordCallback pass) {
                    pass.setPassword(password);
                }
                // other callbacks (e.g. Karaf's public key one) stay unanswered: their module then refuses,
                // rather than the whole login failing on an exception

            }
        };
    }
}
