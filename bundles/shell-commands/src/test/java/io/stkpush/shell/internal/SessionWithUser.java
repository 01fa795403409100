package io.stkpush.shell.internal;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

import org.apache.karaf.shell.api.console.History;
import org.apache.karaf.shell.api.console.Registry;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.apache.karaf.shell.api.console.Terminal;

/** A session that knows only its {@code USER}, as Karaf's console session records it when it starts. */
final class SessionWithUser implements Session {

    private final String user;

    SessionWithUser(String user) {
        this.user = user;
    }

    @Override
    public Object get(String name) {
        return "USER".equals(name) ? user : null;
    }

    @Override
    public Object execute(CharSequence commandline) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void put(String name, Object value) {
        throw new UnsupportedOperationException();
    }

    @Override
    public InputStream getKeyboard() {
        throw new UnsupportedOperationException();
    }

    @Override
    public PrintStream getConsole() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String readLine(String prompt, Character mask) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Terminal getTerminal() {
        throw new UnsupportedOperationException();
    }

    @Override
    public History getHistory() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Registry getRegistry() {
        throw new UnsupportedOperationException();
    }

    @Override
    public SessionFactory getFactory() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String resolveCommand(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Path currentDir() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void currentDir(Path path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException();
    }
}
