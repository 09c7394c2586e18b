package dev.convnet.inference;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.LimitExceededException;
import dev.convnet.common.NotFoundException;
import dev.convnet.common.PayloadTooLargeException;
import dev.convnet.engine.runtime.NativeMemoryExhaustedException;
import dev.convnet.image.InvalidImageException;
import dev.convnet.models.ModelOverLimitsException;
import dev.convnet.store.BrokenModelException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.JsonNodeException;

/**
 * Errors of the Open Inference endpoints in the protocol's own form, {"error": "..."}, not RFC 9457. Errors that
 * arise before a request reaches the controller (unknown path, method, media type) are {@link OpenInferenceRouteErrors}.
 */
@RestControllerAdvice(assignableTypes = OpenInferenceController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenInferenceErrors {

    private static final Logger log = LoggerFactory.getLogger(OpenInferenceErrors.class);

    @ExceptionHandler({InferenceProtocolException.class, BadRequestException.class, InvalidImageException.class,
            ModelNotServableException.class})
    ResponseEntity<Map<String, String>> badRequest(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> limitExceeded(LimitExceededException e) {
        return error(HttpStatus.CONTENT_TOO_LARGE, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> modelOverLimits(ModelOverLimitsException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> nativeMemoryExhausted(NativeMemoryExhaustedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "10")
                .body(Map.of("error", e.getMessage() + "; retry when other work has finished"));
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> unconvertibleValue(JsonNodeException e) {
        return error(HttpStatus.BAD_REQUEST, "a value of the request is out of range: " + e.getOriginalMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return error(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage());
            }
            if (cause instanceof StreamReadException) {
                return error(HttpStatus.BAD_REQUEST, "request body is not valid JSON");
            }
            if (cause instanceof JacksonException mismatch) {
                return error(HttpStatus.BAD_REQUEST, mismatch.getPath().isEmpty()
                        ? "request body must be an inference request object: " + firstLine(mismatch.getOriginalMessage())
                        : "request field '" + path(mismatch) + "' has the wrong type for the protocol: "
                                + firstLine(mismatch.getOriginalMessage()));
            }
        }
        String detail = e.getMessage();
        return error(HttpStatus.BAD_REQUEST, detail != null && detail.startsWith("Required request body is missing")
                ? "the request has no body: send an inference request" : "request body is not valid JSON");
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> brokenModel(BrokenModelException e) {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> overloaded(InferenceOverloadedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> unexpected(Exception e) {
        log.error("Unhandled error in an Open Inference request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "the service failed to handle the request; the log has the details");
    }

    /** The JSON path of the offending field, as "inputs[0].shape". */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message == null ? status.getReasonPhrase() : message));
    }
}
