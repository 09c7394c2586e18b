package dev.convnet.web;

import dev.convnet.common.ApiProblems;
import dev.convnet.common.BadRequestException;
import dev.convnet.common.LimitExceededException;
import dev.convnet.common.NotFoundException;
import dev.convnet.common.PayloadTooLargeException;
import dev.convnet.dataset.DatasetAlreadyExistsException;
import dev.convnet.dataset.DatasetNotFoundException;
import dev.convnet.dataset.DatasetUnavailableException;
import dev.convnet.dataset.DatasetUploadTooLargeException;
import dev.convnet.dataset.DatasetUploadsBusyException;
import dev.convnet.dataset.InvalidDatasetUploadException;
import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import dev.convnet.engine.dl4j.InvalidWeightsException;
import dev.convnet.engine.runtime.NativeLibraryUnavailableException;
import dev.convnet.engine.runtime.NativeMemoryExhaustedException;
import dev.convnet.image.InvalidImageException;
import dev.convnet.inference.InferenceOverloadedException;
import dev.convnet.inference.ModelNotServableException;
import dev.convnet.inference.TooManyFilesException;
import dev.convnet.models.ModelOverLimitsException;
import dev.convnet.store.BrokenModelException;
import dev.convnet.training.JobFinishedException;
import jakarta.servlet.ServletException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.JsonNodeException;

/**
 * Every error leaves the service as an RFC 9457 problem document. Spring MVC's own exceptions (unknown
 * route, wrong method or media type, malformed JSON) are rendered by the base class; ours are mapped here.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    /** Memory is released when a prediction batch or a training run ends: seconds, not minutes. */
    private static final long NATIVE_MEMORY_RETRY_AFTER_SECONDS = 10;

    @ExceptionHandler
    ProblemDetail invalidDefinition(InvalidDefinitionException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-definition", "Invalid model definition", e.getMessage(),
                "errors", e.violations());
    }

    @ExceptionHandler
    ProblemDetail invalidWeights(InvalidWeightsException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-weights", "Weights do not fit the model",
                e.violations().isEmpty() ? e.getMessage() : e.violations().get(0).detail(),
                "errors", e.violations());
    }

    @ExceptionHandler
    ProblemDetail invalidModelFile(InvalidModelFileException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-model-file", "Model file not accepted", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail nativeLibraryUnavailable(NativeLibraryUnavailableException e) {
        return ApiProblems.of(HttpStatus.NOT_IMPLEMENTED, "not-available-on-this-platform", "Not available on this platform",
                e.getMessage());
    }

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

    /** Lost or damaged stored weights are the server's fault, not the request's; the detail says how to repair. */
    @ExceptionHandler
    ProblemDetail brokenModel(BrokenModelException e) {
        return ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "model-broken", "Model is broken", e.getMessage(),
                "modelId", e.modelId(), "modelName", e.modelName(), "modelVersion", e.modelVersion());
    }

    @ExceptionHandler
    ProblemDetail datasetNotFound(DatasetNotFoundException e) {
        return ApiProblems.of(HttpStatus.NOT_FOUND, "not-found", "Dataset not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail datasetUnavailable(DatasetUnavailableException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "dataset-unavailable", "Dataset not available on this node",
                e.getMessage(),
                "dataset", e.dataset(), "reason", e.reason());
    }

    @ExceptionHandler
    ProblemDetail datasetExists(DatasetAlreadyExistsException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "dataset-exists", "Dataset already exists", e.getMessage(),
                "field", e.field());
    }

    @ExceptionHandler
    ProblemDetail invalidUpload(InvalidDatasetUploadException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-dataset-upload", "Dataset upload refused", e.getMessage(),
                "field", e.field(), "entry", e.entry());
    }

    @ExceptionHandler
    ProblemDetail uploadTooLarge(DatasetUploadTooLargeException e) {
        return ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "dataset-upload-too-large", "Dataset upload over a limit",
                e.getMessage(),
                "field", e.field(), "entry", e.entry(), "limit", e.limit());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> uploadsBusy(DatasetUploadsBusyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(DatasetUploadsBusyException.RETRY_AFTER_SECONDS))
                .body(ApiProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "uploads-busy", "Too many uploads at once",
                        e.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail jobFinished(JobFinishedException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "job-finished", "Training job already ended", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidImage(InvalidImageException e) {
        HttpStatus status = e.reason().exceedsSizeLimit() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ApiProblems.of(status, "invalid-image", "Image refused", e.getMessage());
        problem.setProperty("reason", e.reason().name());
        return ResponseEntity.status(status).body(problem);
    }

    @ExceptionHandler
    ProblemDetail tooManyFiles(TooManyFilesException e) {
        return ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "too-many-files", "Too many images", e.getMessage(),
                "field", "files", "limit", e.limit());
    }

    @ExceptionHandler
    ProblemDetail modelNotServable(ModelNotServableException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "model-not-servable", "Model cannot classify images",
                e.getMessage(),
                "modelId", e.modelId());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> overloaded(InferenceOverloadedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
                .body(ApiProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too many predictions waiting", e.getMessage()));
    }

    @ExceptionHandler
    ProblemDetail limitExceeded(LimitExceededException e) {
        return ApiProblems.of(HttpStatus.CONTENT_TOO_LARGE, "limit-exceeded", "Over this node's limits", e.getMessage(),
                "field", e.field(), "value", e.value(), "limit", e.limit(), "setting", e.setting());
    }

    @ExceptionHandler
    ProblemDetail modelOverLimits(ModelOverLimitsException e) {
        LimitExceededException exceeded = e.exceeded();
        return ApiProblems.of(HttpStatus.CONFLICT, "model-over-limits", "Stored model exceeds this node's limits",
                e.getMessage(), "modelId", e.modelId(), "field", exceeded.field(), "value", exceeded.value(),
                "limit", exceeded.limit(), "setting", exceeded.setting());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> nativeMemoryExhausted(NativeMemoryExhaustedException e) {
        log.warn("Refused a native allocation: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(NATIVE_MEMORY_RETRY_AFTER_SECONDS))
                .body(ApiProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory", "Not enough memory now",
                        e.getMessage() + "; retry when other work has finished", "requiredBytes", e.requiredBytes(),
                        "availableBytes", e.availableBytes()));
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
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(NATIVE_MEMORY_RETRY_AFTER_SECONDS))
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
