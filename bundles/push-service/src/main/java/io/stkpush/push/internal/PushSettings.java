package io.stkpush.push.internal;

import java.util.ArrayList;
import java.util.List;

import io.stkpush.api.PhoneNumber;

/**
 * The push service's configuration, fitted to the provider's limits. How long the operator waits and when a push
 * is first queried are the poller's ({@link io.stkpush.api.PushSchedule}).
 *
 * @param accountReference   the reference sent when the subscriber's account number is unknown, or {@code null}
 *                           to let the provider use its own
 * @param description        the prompt's description, or {@code null} to let the provider use its own
 * @param safaricomPrefixes  the first digits of a Safaricom national number (after 254), e.g. {@code 71} or
 *                           {@code 110}; empty: any number is sent
 */
record PushSettings(String accountReference, String description, List<String> safaricomPrefixes) {

    static final String PID = "io.stkpush.push";

    /** Daraja's limits: longer texts make the prompt fail (result codes 1025, 1101). */
    static final int ACCOUNT_REFERENCE_MAX = 12;
    static final int DESCRIPTION_MAX = 13;

    static final PushSettings DEFAULTS = new PushSettings(null, "Internet", prefixes(defaultPrefixes()));

    PushSettings {
        accountReference = fit(accountReference, ACCOUNT_REFERENCE_MAX);
        description = fit(description, DESCRIPTION_MAX);
        safaricomPrefixes = List.copyOf(safaricomPrefixes);
    }

    /** @throws IllegalArgumentException naming the key when a prefix is not digits */
    static PushSettings from(PushConfig config) {
        return new PushSettings(config.accountReference(), config.description(),
                prefixes(config.safaricomPrefixes()));
    }

    /** Whether STK Push can reach this number: M-Pesa prompts Safaricom lines only. */
    boolean reachable(PhoneNumber phone) {
        if (safaricomPrefixes.isEmpty()) {
            return true;
        }
        String national = phone.msisdn().substring(3);
        return safaricomPrefixes.stream().anyMatch(national::startsWith);
    }

    /**
     * The configured prefixes, one per entry or comma separated (a {@code .cfg} file gives one string), each
     * {@code 71}, {@code 0711}, {@code 254711} or a range of equal length such as {@code 740-743}.
     *
     * @throws IllegalArgumentException naming the key and the entry that is not a prefix
     */
    static List<String> prefixes(String[] entries) {
        List<String> prefixes = new ArrayList<>();
        if (entries == null) {
            return prefixes;
        }
        for (String entry : entries) {
            if (entry == null) {
                continue;
            }
            for (String part : entry.split("[,\\s]+")) {
                if (!part.isEmpty()) {
                    expand(part, prefixes);
                }
            }
        }
        return prefixes;
    }

    private static void expand(String part, List<String> prefixes) {
        String[] ends = part.split("-", -1);
        if (ends.length == 1) {
            prefixes.add(national(part, part));
            return;
        }
        String from = ends.length == 2 ? national(ends[0], part) : null;
        String to = ends.length == 2 ? national(ends[1], part) : null;
        if (from == null || from.length() != to.length() || Long.parseLong(from) > Long.parseLong(to)
                || Long.parseLong(to) - Long.parseLong(from) > 1000) {
            throw notAPrefix(part);
        }
        for (long n = Long.parseLong(from); n <= Long.parseLong(to); n++) {
            prefixes.add(String.format("%0" + from.length() + "d", n));
        }
    }

    /** The digits after 254: operators may write the prefix as dialled ({@code 0711}) or international. */
    private static String national(String text, String entry) {
        String digits = text.startsWith("+") ? text.substring(1) : text;
        if (digits.startsWith("254") && digits.length() > 3) {
            digits = digits.substring(3);
        } else if (digits.startsWith("0")) {
            digits = digits.substring(1);
        }
        if (!digits.matches("[17]\\d{0,8}")) {
            throw notAPrefix(entry);
        }
        return digits;
    }

    private static IllegalArgumentException notAPrefix(String entry) {
        return new IllegalArgumentException(PID + ": safaricomPrefixes must list the first digits of Safaricom"
                + " numbers after 254, such as 71, 110 or 740-743, not '" + entry + "'");
    }

    /** The metatype default, so the list is written down once. */
    static String[] defaultPrefixes() {
        try {
            return (String[]) PushConfig.class.getMethod("safaricomPrefixes").getDefaultValue();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stripped and cut to {@code max} characters; blank becomes {@code null}. */
    static String fit(String text, int max) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String stripped = text.strip();
        return stripped.length() <= max ? stripped : stripped.substring(0, max).strip();
    }
}
