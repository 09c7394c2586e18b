package dev.convnet.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/** Where a page of events ended: the last event's time and id, opaque to clients. */
record AuditCursor(Instant time, long id) {

    String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    static AuditCursor decode(String text) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int bar = decoded.indexOf('|');
            if (bar < 0) {
                throw new InvalidAuditFilterException("cursor", "is not a cursor this service returned");
            }
            return new AuditCursor(Instant.parse(decoded.substring(0, bar)), Long.parseLong(decoded.substring(bar + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidAuditFilterException("cursor", "is not a cursor this service returned");
        }
    }
}
