package dev.convnet.models;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.NotFoundException;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelRepository;
import dev.convnet.definition.StoredModel;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Aliases of a model name, as MLflow's registry has them: a named, movable pointer to one version. */
@Service
class ModelAliases {

    private final ModelDefinitionService definitions;
    private final ModelRepository models;
    private final ModelAliasRepository aliases;
    private final Clock clock;

    ModelAliases(ModelDefinitionService definitions, ModelRepository models, ModelAliasRepository aliases, Clock clock) {
        this.definitions = definitions;
        this.models = models;
        this.aliases = aliases;
        this.clock = clock;
    }

    /** Alias -> version; 404 when no model has the name. */
    Map<String, Integer> list(String name) {
        definitions.getByName(name, null);
        return aliases.versionsByAlias(name);
    }

    /** Everything is checked before the alias is written: a refused request changes nothing. */
    ModelAliasResponse point(String name, String alias, Integer version) {
        AliasNames.require(alias);
        if (version == null) {
            throw new BadRequestException("/version", "version is required: the version number the alias points at");
        }
        if (version < 1) {
            throw new BadRequestException("/version", "version must be at least 1, got " + version);
        }
        ModelEntry entry = definitions.getByName(name, version);
        StoredModel model = entry.model();
        if (!models.hasWeights(model.id())) {
            throw new VersionWithoutWeightsException(name, version);
        }
        aliases.point(name, alias, model.id(), clock.instant());
        return new ModelAliasResponse(name, alias, version, model.id());
    }

    void remove(String name, String alias) {
        AliasNames.require(alias);
        if (!aliases.remove(name, alias)) {
            throw new NotFoundException("Alias", alias, "is not set on model '" + name + "'");
        }
    }
}
