package dev.convnet.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit log", description = "Every mutating API call: who, what, which resource, the outcome (admin only)")
class AuditEventController {

    private static final String EXAMPLE = """
            {"events": [{"id": 42, "time": "2026-12-02T00:12:38.123456Z", "who": "admin-1", "method": "DELETE",
              "path": "/api/v1/models/3f1c4a9e-0d2b-4f7e-9a51-6c0e8d2b7a10", "route": "/api/v1/models/{id}",
              "target": "3f1c4a9e-0d2b-4f7e-9a51-6c0e8d2b7a10", "status": 204, "clientAddress": "10.0.0.7",
              "durationMs": 12}],
             "nextCursor": "MjAyNi0xMi0wMlQwMDoxMjozOC4xMjM0NTZafDQy"}""";

    private final AuditEventRepository repository;

    AuditEventController(AuditEventRepository repository) {
        this.repository = repository;
    }

    @GetMapping
    @Operation(summary = "Read the audit log, newest first",
            description = "Audited: POST, PUT, PATCH and DELETE under /api and /v2, refused ones included, except"
                    + " predictions. Filters combine; page with 'cursor' from the previous answer's 'nextCursor'.")
    @ApiResponse(responseCode = "200", description = "Events, newest first",
            content = @Content(schema = @Schema(implementation = AuditEventPage.class),
                    examples = @ExampleObject(name = "One deletion", value = EXAMPLE)))
    @ApiResponse(responseCode = "400", description = "A filter is invalid; 'field' names the parameter",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    AuditEventPage list(
            @Parameter(description = "Only this caller", example = "admin-1") @RequestParam(required = false) String who,
            @Parameter(description = "Only calls on this target (model or job id, dataset name, name/alias)")
            @RequestParam(required = false) String target,
            @Parameter(description = "From this instant on (inclusive), ISO-8601", example = "2026-12-01T00:00:00Z")
            @RequestParam(required = false) String since,
            @Parameter(description = "Before this instant (exclusive), ISO-8601") @RequestParam(required = false) String until,
            @Parameter(description = "Only this method: POST, PUT, PATCH or DELETE") @RequestParam(required = false) String method,
            @Parameter(description = "Events per page, 1 to 1000", schema = @Schema(type = "integer", defaultValue = "100",
                    minimum = "1", maximum = "1000")) @RequestParam(required = false) String limit,
            @Parameter(description = "The previous page's 'nextCursor'") @RequestParam(required = false) String cursor) {
        AuditEventFilter filter = AuditEventFilter.parse(who, target, since, until, method, limit, cursor);
        List<AuditEvent> found = repository.find(filter, filter.limit() + 1);
        if (found.size() <= filter.limit()) {
            return new AuditEventPage(found, null);
        }
        List<AuditEvent> page = found.subList(0, filter.limit());
        AuditEvent last = page.get(page.size() - 1);
        return new AuditEventPage(List.copyOf(page), new AuditCursor(last.time(), last.id()).encode());
    }
}
