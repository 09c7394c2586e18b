package dev.convnet.models;

import dev.convnet.common.ApiProblems;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A version that aliases point at cannot be deleted: serving would lose its target. 409 naming the aliases. */
class AliasedVersionException extends ErrorResponseException {

    AliasedVersionException(String name, int version, List<String> aliases) {
        super(HttpStatus.CONFLICT, ApiProblems.of(HttpStatus.CONFLICT, "version-has-aliases", "Version has aliases",
                "Model '" + name + "' version " + version + " is the target of alias" + (aliases.size() > 1 ? "es " : " ")
                        + String.join(", ", aliases) + "; move or delete "
                        + (aliases.size() > 1 ? "them" : "it") + " first (PUT or DELETE /api/v1/models/by-name/" + name
                        + "/aliases/" + aliases.get(0) + ")",
                "aliases", aliases, "modelName", name, "modelVersion", version), null);
    }
}
