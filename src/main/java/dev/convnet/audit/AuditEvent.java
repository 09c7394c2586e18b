package dev.convnet.audit;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** One audited call. */
@Schema(description = "One mutating API call")
record AuditEvent(
        @Schema(description = "Increasing id", example = "42") long id,
        @Schema(description = "When the call ended", example = "2026-12-02T00:12:38.123456Z") Instant time,
        @Schema(description = "The caller: an API key's id, a token's subject, or 'anonymous' when security is off",
                example = "admin-1") String who,
        @Schema(example = "DELETE") String method,
        @Schema(description = "Request path, without the query", example = "/api/v1/models/3f1c4a9e-0d2b-4f7e-9a51-6c0e8d2b7a10")
        String path,
        @Schema(description = "The matched route", example = "/api/v1/models/{id}") String route,
        @Schema(description = "What the call touched: the created resource, else the route's path variables joined by '/'",
                example = "3f1c4a9e-0d2b-4f7e-9a51-6c0e8d2b7a10") String target,
        @Schema(description = "HTTP status of the answer", example = "204") int status,
        @Schema(description = "The client's address", example = "10.0.0.7") String clientAddress,
        @Schema(description = "Time spent in the service, milliseconds", example = "12") long durationMs) {
}
