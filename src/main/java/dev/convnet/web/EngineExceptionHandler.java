package dev.convnet.web;

import dev.convnet.common.ApiProblems;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import dev.convnet.engine.dl4j.InvalidWeightsException;
import dev.convnet.engine.runtime.NativeLibraryUnavailableException;
import dev.convnet.engine.runtime.NativeMemoryExhaustedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The engine's refusals as RFC 9457 problem documents; mapped here because the engine knows no HTTP. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class EngineExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(EngineExceptionHandler.class);

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
    ResponseEntity<ProblemDetail> nativeMemoryExhausted(NativeMemoryExhaustedException e) {
        log.warn("Refused a native allocation: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(ApiExceptionHandler.MEMORY_RETRY_AFTER_SECONDS))
                .body(ApiProblems.of(HttpStatus.SERVICE_UNAVAILABLE, "insufficient-memory", "Not enough memory now",
                        e.getMessage() + "; retry when other work has finished", "requiredBytes", e.requiredBytes(),
                        "availableBytes", e.availableBytes()));
    }
}
