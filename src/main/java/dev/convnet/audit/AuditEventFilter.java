package dev.convnet.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Which events to read: all conditions hold at once; null ones are not applied.
 *
 * @param since  inclusive
 * @param until  exclusive
 * @param after  continue after this event of a previous page (null: start with the newest)
 */
record AuditEventFilter(String who, String target, Instant since, Instant until, String method, int limit,
                        AuditCursor after) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** Parses the query parameters as given; a bad one is refused naming it. */
    static AuditEventFilter parse(String who, String target, String since, String until, String method, String limit,
                                  String cursor) {
        Instant from = instant("since", since);
        Instant to = instant("until", until);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidAuditFilterException("until", "must be after 'since'");
        }
        return new AuditEventFilter(blankToNull(who), blankToNull(target), from, to, method(method), limit(limit),
                blankToNull(cursor) == null ? null : AuditCursor.decode(cursor));
    }

    private static Instant instant(String parameter, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidAuditFilterException(parameter, "must be an ISO-8601 instant such as 2026-12-01T00:00:00Z, was '"
                    + value + "'");
        }
    }

    private static String method(String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        String upper = value.toUpperCase(Locale.ROOT);
        if (!AuditRule.MUTATING_METHODS.contains(upper)) {
            throw new InvalidAuditFilterException("method", "must be one of POST, PUT, PATCH, DELETE, was '" + value + "'");
        }
        return upper;
    }

    private static int limit(String value) {
        if (blankToNull(value) == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below with the same message as an out-of-range number
        }
        throw new InvalidAuditFilterException("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", was '" + value + "'");
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
