package dev.convnet.image;

import dev.convnet.common.ApiProblems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A refused image as an RFC 9457 problem document: 413 when it is too big, else 400; {@code reason} for machines. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class ImageExceptionHandler {

    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidImage(InvalidImageException e) {
        HttpStatus status = e.reason().exceedsSizeLimit() ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        ProblemDetail problem = ApiProblems.of(status, "invalid-image", "Image refused", e.getMessage());
        problem.setProperty("reason", e.reason().name());
        return ResponseEntity.status(status).body(problem);
    }
}
