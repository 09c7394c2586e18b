package dev.convnet.store;

import dev.convnet.common.ApiProblems;
import dev.convnet.engine.onnx.OnnxExportException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A broken stored model, or one the ONNX export cannot write, as an RFC 9457 problem document. */
@RestControllerAdvice
@Order(ApiProblems.FEATURE_HANDLER_ORDER)
class StoreExceptionHandler {

    /** Lost or damaged stored weights are the server's fault, not the request's; the detail says how to repair. */
    @ExceptionHandler
    ProblemDetail brokenModel(BrokenModelException e) {
        return ApiProblems.of(HttpStatus.INTERNAL_SERVER_ERROR, "model-broken", "Model is broken", e.getMessage(),
                "modelId", e.modelId(), "modelName", e.modelName(), "modelVersion", e.modelVersion());
    }

    @ExceptionHandler
    ProblemDetail notExportable(OnnxExportException e) {
        return ApiProblems.of(HttpStatus.CONFLICT, "model-not-exportable", "Model cannot be exported to ONNX", e.getMessage());
    }
}
