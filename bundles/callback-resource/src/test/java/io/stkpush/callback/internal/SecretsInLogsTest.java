package io.stkpush.callback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import io.stkpush.api.Push;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the resource logs about refused and failed callbacks names no key, token or phone number. */
class SecretsInLogsTest {

    @RegisterExtension
    static final HooksFixture f = new HooksFixture();

    @Test
    void warningsAndErrorsNameNoSecretAndNoPhone() throws Exception {
        Push push = f.waitingPush(1);
        String path = f.stkPath(push.id());
        String token = path.substring(path.lastIndexOf('/') + 1);
        String c2bPath = f.c2bConfirmationPath();
        String c2bToken = c2bPath.substring(c2bPath.lastIndexOf('/') + 1);

        String log = capturingStandardError(() -> {
            f.configure("allowListMode", "log");
            f.post(path, Callbacks.success("ws_CO_other", "SECRET0001"));
            f.post(path, "{\"Body\":{\"stkCallback\":{\"ResultCode\":0,\"CallbackMetadata\":{\"Item\":"
                    + "[{\"Name\":\"PhoneNumber\",\"Value\":254708374149}]}}}}");
            f.post(path.replace(token, token.substring(1) + "0"), Callbacks.success("x", "SECRET0002"));
            f.post(c2bPath, Callbacks.c2b("SECRET0003", "5.00", "acc", "254708374149"));
            f.answers.failWhen(s -> true, new IllegalStateException("database gone"));
            f.post(path, Callbacks.success(push.checkoutRequestId().value(), "SECRET0004"));
            f.answers.failWith(null);
            f.database.down(true);
            f.post(c2bPath, Callbacks.c2b("SECRET0005", "5.00", "acc", "254708374149"));
            f.database.down(false);
        });

        assertTrue(log.contains("WARN"), "the refusals were logged: " + log);
        assertTrue(log.contains("WARN io.stkpush.callback.internal.StkCallbacks - STK callback for push " + push.id()
                + " journaled"), "the failure was logged: " + log);
        assertTrue(log.contains("WARN io.stkpush.callback.internal.CallbackSpool - The payment ledger cannot take "
                + "callbacks"), "the spooling was logged: " + log);
        assertFalse(log.contains(HooksFixture.KEY));
        assertFalse(log.contains(token));
        assertFalse(log.contains(c2bToken));
        f.awaitSpool(0);
        assertFalse(log.contains("254708374149"));
        assertFalse(log.contains("708374149"));
        assertEquals(-1, log.indexOf("at io.stkpush"), "no stack traces");
    }

    private static String capturingStandardError(ThrowingRunnable work) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // slf4j-simple looks System.err up at every line, so the resource's log lands here
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        return log;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
