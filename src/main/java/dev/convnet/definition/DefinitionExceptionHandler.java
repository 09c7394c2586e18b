package dev.convnet.definition;

import dev.convnet.common.ApiProblems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** An invalid model definition as an RFC 9457 problem document listing every violation. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class DefinitionExceptionHandler {

    @ExceptionHandler
    ProblemDetail invalidDefinition(InvalidDefinitionException e) {
        return ApiProblems.of(HttpStatus.BAD_REQUEST, "invalid-definition", "Invalid model definition", e.getMessage(),
                "errors", e.violations());
    }
}
