package io.stkpush.karaf.login.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.stkpush.login} ({@code etc/io.stkpush.login.cfg}). */
@ObjectClassDefinition(id = KarafOperatorAuthenticator.PID, name = "stkpush operator login (Karaf JAAS)",
        description = "Who may use the stkpush operator API and pages: users of a Karaf JAAS realm with a role.")
public @interface LoginConfig {

    @AttributeDefinition(name = "JAAS realm",
            description = "The Karaf JAAS realm that checks operator logins ('karaf': the users in"
                    + " etc/users.properties, or whatever login modules the realm is given).")
    String realm() default "karaf";

    @AttributeDefinition(name = "Operator role",
            description = "The role a user needs to use the operator API, directly or through a group.")
    String operatorRole() default "stkpush-operator";

    @AttributeDefinition(name = "Login cache (seconds)",
            description = "How long a successful login is remembered, so the dialog's status polls do not each"
                    + " ask JAAS. 0 asks every time.", min = "0", max = "3600")
    int loginCacheSeconds() default 60;

    @AttributeDefinition(name = "Failed logins before a lockout",
            description = "After this many refused logins of one user name within the failure window, that name"
                    + " is locked out: every login with it is refused, right password or not, without asking JAAS.",
            min = "1", max = "1000")
    int maxFailures() default 5;

    @AttributeDefinition(name = "Failure window (seconds)",
            description = "How long refused logins of a user name count, from the first one; also how soon a"
                    + " further lockout must follow the last one to last twice as long.", min = "1", max = "86400")
    int failureWindowSeconds() default 300;

    @AttributeDefinition(name = "Lockout (seconds)",
            description = "How long the first lockout of a user name lasts; each further one within the failure"
                    + " window lasts twice as long, at most 15 minutes. A successful login afterwards starts"
                    + " again.", min = "1", max = "900")
    int lockoutSeconds() default 60;
}
