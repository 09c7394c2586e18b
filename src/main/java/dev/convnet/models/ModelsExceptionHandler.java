package dev.convnet.models;

import dev.convnet.common.ApiProblems;
import dev.convnet.common.LimitExceededException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A stored model over this node's limits as an RFC 9457 problem document naming the limit. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class ModelsExceptionHandler {

    @ExceptionHandler
    ProblemDetail modelOverLimits(ModelOverLimitsException e) {
        LimitExceededException exceeded = e.exceeded();
        return ApiProblems.of(HttpStatus.CONFLICT, "model-over-limits", "Stored model exceeds this node's limits",
                e.getMessage(), "modelId", e.modelId(), "field", exceeded.field(), "value", exceeded.value(),
                "limit", exceeded.limit(), "setting", exceeded.setting());
    }
}
