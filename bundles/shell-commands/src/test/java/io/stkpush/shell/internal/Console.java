package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.time.ZoneOffset;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.apache.karaf.shell.support.CommandException;

/** Runs a command as Karaf would, minus Karaf: its output captured, times in UTC, optionally as a logged-in user. */
final class Console {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private Console() {
    }

    /** Points {@code command} at a fresh console and returns it. */
    static Console of(StkpushAction command) {
        Console console = new Console();
        command.out = new PrintStream(console.bytes, true, StandardCharsets.UTF_8);
        command.zone = ZoneOffset.UTC;
        return console;
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Runs it and returns what it printed. */
    static String run(StkpushAction command) throws Exception {
        Console console = of(command);
        command.execute();
        return console.text();
    }

    /** Runs it expecting a plain error, and returns the error's line. */
    static String failure(StkpushAction command) {
        of(command);
        return assertThrows(CommandException.class, command::execute).getMessage();
    }

    /** Runs it as {@code user} with Karaf's admin role, as ssh or the local console would after the JAAS login. */
    @SuppressWarnings("removal") // Subject.doAs: what Karaf's own shell and tests use on Java 17
    static String runAs(String user, StkpushAction command) throws Exception {
        Console console = of(command);
        Subject subject = new Subject(false, Set.of(new UserPrincipal(user), new RolePrincipal("admin")), Set.of(),
                Set.of());
        Subject.doAs(subject, (PrivilegedExceptionAction<Object>) command::execute);
        return console.text();
    }
}
