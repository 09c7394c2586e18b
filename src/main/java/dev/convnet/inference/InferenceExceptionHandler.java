package dev.convnet.inference;

import dev.convnet.common.ApiProblems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The prediction refusals as RFC 9457 problem documents (the Open Inference endpoints have their own form). */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class InferenceExceptionHandler {

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
}
