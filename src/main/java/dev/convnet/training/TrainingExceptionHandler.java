package dev.convnet.training;

import dev.convnet.common.ApiProblems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The training job refusals as RFC 9457 problem documents. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class TrainingExceptionHandler {

    @ExceptionHandler
    ProblemDetail jobFinished(JobFinishedException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "job-finished", "Training job already ended", e.getMessage());
    }
}
