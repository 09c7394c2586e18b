package dev.convnet.dataset;

import dev.convnet.common.ApiProblems;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The dataset refusals as RFC 9457 problem documents. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class DatasetExceptionHandler {

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
    ProblemDetail folderRegistration(FolderRegistrationException e) {
        return ApiProblems.of(HttpStatus.valueOf(e.kind().status()), e.kind().type(), e.kind().title(), e.getMessage(),
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
}
