package io.stkpush.demo.host.internal;

/** LIKE patterns for the demo host's searches (times and duplicate keys: {@link io.stkpush.schema.Jdbc}). */
final class Sql {

    private Sql() {
    }

    /** A LIKE pattern that finds {@code text} anywhere, with {@code !} as the escape character. */
    static String containing(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /** A LIKE pattern that finds values starting with {@code text}, with {@code !} as the escape character. */
    static String startingWith(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
