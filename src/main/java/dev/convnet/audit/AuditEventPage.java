package dev.convnet.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One page of the audit log, newest first. */
record AuditEventPage(
        List<AuditEvent> events,
        @Schema(description = "Pass as 'cursor' to read the next (older) page; absent on the last page",
                example = "MjAyNi0xMi0wMlQwMDoxMjozOC4xMjM0NTZafDQy")
        String nextCursor) {
}
