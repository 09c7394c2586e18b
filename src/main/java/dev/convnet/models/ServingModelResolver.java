package dev.convnet.models;

import dev.convnet.definition.ModelRepository;
import dev.convnet.definition.StoredModel;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Which version answers a request that names a model without a version: the one the {@value #PRODUCTION} alias
 * points at when it is set, else the newest version that has weights. Never an untrained version, so that a
 * training job, which stores its untrained starting point as the name's newest version, does not interrupt serving.
 */
@Component
class ServingModelResolver {

    static final String PRODUCTION = "production";

    private final ModelRepository models;
    private final ModelAliasRepository aliases;

    ServingModelResolver(ModelRepository models, ModelAliasRepository aliases) {
        this.models = models;
        this.aliases = aliases;
    }

    Optional<StoredModel> resolve(String name) {
        return aliases.target(name, PRODUCTION).flatMap(models::find).or(() -> models.findNewestWithWeights(name));
    }
}
