package dev.convnet.models;

import dev.convnet.common.ApiProblems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** An alias serves requests, so it may point only at a version that has weights. 409. */
class VersionWithoutWeightsException extends ErrorResponseException {

    VersionWithoutWeightsException(String name, int version) {
        super(HttpStatus.CONFLICT, ApiProblems.of(HttpStatus.CONFLICT, "version-without-weights",
                "Version has no weights",
                "Model '" + name + "' version " + version + " has never been trained and has no weights set, so an"
                        + " alias cannot serve it; point the alias at a trained version",
                "field", "/version", "modelName", name, "modelVersion", version), null);
    }
}
