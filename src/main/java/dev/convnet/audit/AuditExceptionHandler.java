package dev.convnet.audit;

import dev.convnet.common.ApiProblems;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The audit log's refusals as RFC 9457 problem documents. */
@RestControllerAdvice(assignableTypes = AuditEventController.class)
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class AuditExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidFilter(InvalidAuditFilterException e) {
        return e.getBody();
    }
}
