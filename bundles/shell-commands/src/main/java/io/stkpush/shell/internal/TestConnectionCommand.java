package io.stkpush.shell.internal;

import java.io.PrintStream;

import io.stkpush.api.provider.ConnectionCheck;
import io.stkpush.api.provider.ProviderConnection;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.CommandException;

/**
 * {@code stkpush:test-connection}: signs in to the provider now (for Daraja, a token request) and says how it went,
 * as the web console's Test connection does. The check holds no token and no secret, so nothing else can show.
 */
@Service
@Command(scope = "stkpush", name = "test-connection", description = "Signs in to the payment provider now and"
        + " says how it went", detailedDescription = "For M-Pesa, an access-token request with the configured"
                + " consumer key and secret. The token itself is never shown. Fails when the provider refused"
                + " or could not be reached.")
public class TestConnectionCommand extends StkpushAction {

    static final String NO_PROVIDER = "No payment provider is running.";

    @Reference(optional = true)
    ProviderConnection connection;

    @Override
    void run(PrintStream out) throws CommandException {
        ProviderConnection provider = running(connection, NO_PROVIDER);
        ConnectionCheck check = provider.testConnection();
        String line = provider.name() + ": " + check.message();
        if (!check.ok()) {
            throw new CommandException(line);
        }
        out.println(line);
    }

    @Override
    String doing() {
        return "test the provider connection";
    }
}
