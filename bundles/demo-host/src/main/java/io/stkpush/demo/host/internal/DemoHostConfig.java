package io.stkpush.demo.host.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.stkpush.demo.host} ({@code etc/io.stkpush.demo.host.cfg}). */
@ObjectClassDefinition(id = KarafOperatorAuthenticator.PID, name = "stkpush demo host",
        description = "How the demo host recognises operators of the stkpush API.")
public @interface DemoHostConfig {

    @AttributeDefinition(name = "JAAS realm",
            description = "The Karaf JAAS realm that checks operator logins (users in etc/users.properties for 'karaf').")
    String realm() default "karaf";

    @AttributeDefinition(name = "Operator role",
            description = "The role a user needs to use the operator API.")
    String operatorRole() default "stkpush-operator";

    @AttributeDefinition(name = "Login cache (seconds)",
            description = "How long a successful login is remembered, so the dialog's status polls do not each"
                    + " ask JAAS. 0 asks every time.", min = "0", max = "3600")
    int loginCacheSeconds() default 60;
}
