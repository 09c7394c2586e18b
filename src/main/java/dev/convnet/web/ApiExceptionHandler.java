package dev.convnet.web;

import dev.convnet.common.ApiProblems;
import dev.convnet.common.BadRequestException;
import dev.convnet.common.LimitExceededException;
import dev.convnet.common.NotFoundException;
import dev.convnet.common.PayloadTooLargeException;
import jakarta.servlet.ServletException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.JsonNodeException;

/**
 * Every error leaves the service as an RFC 9457 problem document. Spring MVC's own exceptions (unknown
 * route, wrong method or media type, malformed JSON) are rendered by the base class; the shared kernel's
 * exceptions, Bean Validation and anything unexpected are mapped here. Each feature maps its own exceptions
 * in its own handler, ordered before this one, whose catch-all would otherwise answer them with 500.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** Memory is released when a prediction batch or a training run ends: seconds, not minutes. */
    static final long MEMORY_RETRY_AFTER_SECONDS = 10;

    @ExceptionHandler
    ProblemDetail badRequest(BadRequestException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "bad-request", "Invalid request", e.getMessage(),
                "field", e.field());
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "not-found", e.resource() + " not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail payloadTooLarge(PayloadTooLargeException e) {
        return ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail limitExceeded(LimitExceededException e) {
        return ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "limit-exceeded", "Over this node's limits", e.getMessage(),
                "field", e.field(), "value", e.value(), "limit", e.limit(), "setting", e.setting());
    }

    /**
     * An Error thrown while handling a request arrives wrapped. An OutOfMemoryError (the heap, or JavaCPP's off-heap
     * cap) fails that request only: 503, since memory is freed when other requests end.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> dispatchFailed(ServletException e) {
        if (e.getCause() instanceof OutOfMemoryError outOfMemory) {
            log.error("Out of memory while handling a request", outOfMemory);
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(MEMORY_RETRY_AFTER_SECONDS))
                    .body(ApiProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory", "Not enough memory now",
                            "The node ran out of memory for this request; retry when other work has finished"));
        }
        return ResponseEntity.internalServerError().body(unexpected(e));
    }

    /** A request value Jackson could not convert where the service read it, e.g. an integer beyond 64 bits. */
    @ExceptionHandler
    ProblemDetail unconvertibleValue(JsonNodeException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "A value of the request is out of range: " + e.getOriginalMessage());
    }

    /** A body declared multipart/form-data that does not parse as one; over-size uploads are the base class's 413. */
    @ExceptionHandler
    ProblemDetail malformedMultipart(MultipartException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "The request body is not valid multipart/form-data");
    }

    @ExceptionHandler
    ProblemDetail unexpected(Exception e) {
        log.error("Unhandled error", e);
        return ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "The service failed to handle the request; the log has the details.");
    }

    /** The body limit is enforced while Jackson reads, so its exception arrives wrapped as unreadable JSON. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(payloadTooLarge(tooLarge));
            }
        }
        String detail = e.getMostSpecificCause().getMessage();
        if (detail != null && detail.startsWith("Required request body is missing")) {
            detail = "The request has no body"; // Spring's own text goes on to name the Java method
        }
        ProblemDetail problem = ApiProblems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                detail == null ? "The request body could not be read as JSON" : firstLine(detail));
        return ResponseEntity.badRequest().body(problem);
    }

    /** Bean Validation of a {@code @Valid} request body. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalidFields(FieldViolations.ofBody(e.getBindingResult())));
    }

    /** Bean Validation of constrained request parameters. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        return ResponseEntity.badRequest().body(invalidFields(FieldViolations.of(e)));
    }

    /** The shape of {@link #badRequest}, naming the first field at fault; {@code errors} lists them all. */
    private static ProblemDetail invalidFields(List<FieldViolations.Violation> violations) {
        FieldViolations.Violation first = violations.isEmpty() ? new FieldViolations.Violation("/", "invalid request")
                : violations.get(0);
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "bad-request", "Invalid request", first.detail(),
                "field", first.field(), "errors", violations);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
