package io.stkpush.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} arguments of the benchmark programs; scripts/benchmark passes them. */
final class Options {

    private final Map<String, String> values = new HashMap<>();

    Options(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
            }
            values.put(args[i].substring(2), args[++i]);
        }
    }

    String text(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    String text(String name, String whenAbsent) {
        return values.getOrDefault(name, whenAbsent);
    }

    int number(String name, int whenAbsent) {
        String value = values.get(name);
        return value == null ? whenAbsent : Integer.parseInt(value);
    }
}
