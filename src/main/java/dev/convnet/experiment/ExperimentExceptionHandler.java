package dev.convnet.experiment;

import dev.convnet.common.ApiProblems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The experiment refusals as RFC 9457 problem documents. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class ExperimentExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidVariant(InvalidVariantException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-variant", "Invalid variant", e.getMessage(),
                "variant", e.variant(), "field", e.field());
    }

    @ExceptionHandler
    ProblemDetail finished(ExperimentFinishedException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "experiment-finished", "Experiment already ended", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail running(ExperimentRunningException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "experiment-running", "Experiment still running", e.getMessage());
    }
}
