package io.stkpush.shell.internal;

import java.io.PrintStream;
import java.time.ZoneId;

import io.stkpush.api.InvalidAmountException;
import io.stkpush.api.InvalidPhoneNumberException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.support.CommandException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every {@code stkpush:*} command shares: it writes to the console of the session running it, shows times in
 * the server's zone, and fails with one plain line. Karaf prints a {@link CommandException} as its message alone
 * (and logs it only at DEBUG), so an operator's mistake or a missing service reads as a sentence; anything
 * unexpected (the database down, say) is logged here with its cause and shown as one line pointing to the log.
 *
 * <p>Karaf makes a new instance per run and sets the annotated fields; tests set them, and {@link #out}, by hand.
 */
abstract class StkpushAction implements Action {

    private static final Logger LOG = LoggerFactory.getLogger(StkpushAction.class);

    static final String NO_PUSH_SERVICE = "The push service is not running.";
    static final String NO_DIRECTORY = "The host's subscriber directory is not running.";

    /** Where the command writes; {@code null}: {@code System.out}, which Karaf points at the running session. */
    PrintStream out;

    /** The zone times are shown in. */
    ZoneId zone = ZoneId.systemDefault();

    @Override
    public final Object execute() throws CommandException {
        PrintStream console = out != null ? out : System.out;
        try {
            run(console);
        } catch (InvalidAmountException | InvalidPhoneNumberException e) {
            throw new CommandException(e.getMessage());
        } catch (RuntimeException e) {
            // our exceptions' messages hold no secrets and phones only masked; the trace stays in the log
            LOG.warn("stkpush:{} failed: {}", name(), e.toString(), e);
            throw new CommandException("Could not " + doing() + " right now; the cause is in the server's log.");
        } finally {
            console.flush();
        }
        return null;
    }

    /** Does the work, writing to {@code out}. */
    abstract void run(PrintStream out) throws CommandException;

    /** What the command does, for the line shown when it fails unexpectedly: "send the prompt". */
    abstract String doing();

    /** {@code service} while it runs (an optional reference); otherwise the plain {@code whenMissing}. */
    static <T> T running(T service, String whenMissing) throws CommandException {
        if (service == null) {
            throw new CommandException(whenMissing);
        }
        return service;
    }

    private String name() {
        Command command = getClass().getAnnotation(Command.class);
        return command == null ? getClass().getSimpleName() : command.name();
    }
}
