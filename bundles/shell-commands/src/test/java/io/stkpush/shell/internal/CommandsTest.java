package io.stkpush.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.junit.jupiter.api.Test;

/**
 * What Karaf needs to find the commands: it scans {@code io.stkpush.shell.internal} (the bundle's Karaf-Commands
 * header) for public {@code @Service} classes, and each service reference stays optional, so a missing service is
 * a sentence and not "Command not found".
 */
class CommandsTest {

    private static final List<Class<?>> COMMANDS = List.of(PushesCommand.class, PushCommand.class,
            StatusCommand.class, UnredeemedCommand.class, LinkCommand.class, ReconcileCommand.class,
            TestConnectionCommand.class);

    @Test
    void everyCommandIsInTheStkpushScope() {
        assertEquals(List.of("pushes", "push", "status", "unredeemed", "link", "reconcile", "test-connection"),
                COMMANDS.stream().map(c -> {
                    Command command = c.getAnnotation(Command.class);
                    assertNotNull(command, c.getName());
                    assertEquals("stkpush", command.scope(), c.getName());
                    return command.name();
                }).toList());
    }

    @Test
    void commandsAndCompletersAreServicesKarafCanMake() throws Exception {
        for (Class<?> type : List.of(PushesCommand.class, PushCommand.class, StatusCommand.class,
                UnredeemedCommand.class, LinkCommand.class, ReconcileCommand.class, TestConnectionCommand.class,
                PushIdCompleter.class, PaymentIdCompleter.class, SubscriberCompleter.class)) {
            assertNotNull(type.getAnnotation(Service.class), type.getName());
            assertTrue(Modifier.isPublic(type.getModifiers()), type.getName());
            assertNotNull(type.getConstructor().newInstance());
            for (Field field : type.getDeclaredFields()) {
                Reference reference = field.getAnnotation(Reference.class);
                if (reference != null && field.getType().getName().startsWith("io.stkpush.")) {
                    assertTrue(reference.optional(), type.getSimpleName() + "." + field.getName());
                }
            }
        }
    }
}
