package io.stkpush.portal.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Locale;

import io.stkpush.api.PaymentQuery;
import io.stkpush.api.SubscriberId;

/**
 * The Payments page's query string turned into a {@link PaymentQuery}: {@code subscriberId}, {@code unredeemed}
 * ({@code true}/{@code false}), {@code from} and {@code to} as instants ({@code 2025-03-01T08:00:00Z}, an offset is
 * fine) or dates ({@code 2025-03-01}, whole days in Nairobi, {@code to} inclusive), {@code limit} 1..1000
 * (default 100). Anything else is {@code invalid_query}.
 */
final class PaymentFilter {

    static final ZoneId NAIROBI = ZoneId.of("Africa/Nairobi");
    static final int DEFAULT_LIMIT = 100;

    private PaymentFilter() {
    }

    static PaymentQuery parse(String subscriberId, String unredeemed, String from, String to, String limit) {
        SubscriberId subscriber = blank(subscriberId) ? null : new SubscriberId(subscriberId);
        boolean unredeemedOnly = flag("unredeemed", unredeemed);
        Instant start = blank(from) ? null : instant("from", from, false);
        Instant end = blank(to) ? null : instant("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw invalid("'to' must be after 'from'.");
        }
        return new PaymentQuery(subscriber, unredeemedOnly, start, end, limit(limit));
    }

    /** A query flag: absent means false. */
    static boolean flag(String name, String value) {
        if (blank(value)) {
            return false;
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw invalid("'" + name + "' must be true or false.");
        }
    }

    /** The years a payment can have: Java parses dates far outside what a database column holds. */
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** A date means its start ({@code from}) or the start of the next day ({@code to}, which is exclusive). */
    private static Instant instant(String name, String value, boolean endOfRange) {
        Instant instant = parsedInstant(name, value, endOfRange);
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw invalid("'" + name + "' must be between the years 2000 and 2200.");
        }
        return instant;
    }

    private static Instant parsedInstant(String name, String value, boolean endOfRange) {
        String text = value.strip();
        try {
            return Instant.parse(text);
        } catch (DateTimeException notAnInstant) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException notAnOffsetTime) {
            // try the next form
        }
        try {
            LocalDate date = LocalDate.parse(text);
            return (endOfRange ? date.plusDays(1) : date).atStartOfDay(NAIROBI).toInstant();
        } catch (DateTimeException notADate) {
            throw invalid("'" + name + "' must be a date like 2025-03-01 or a time like 2025-03-01T08:00:00Z.");
        }
    }

    /** How many to list: 1..{@link PaymentQuery#MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent. */
    static int limit(String value) {
        return limit(value, DEFAULT_LIMIT, PaymentQuery.MAX_LIMIT);
    }

    /** A {@code limit} query parameter: 1..{@code max}, {@code whenAbsent} when not given. */
    static int limit(String value, int whenAbsent, int max) {
        if (blank(value)) {
            return whenAbsent;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw invalid("'limit' must be a whole number from 1 to " + max + ".");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ApiProblem invalid(String message) {
        return ApiProblem.of(400, "invalid_query", message);
    }
}
