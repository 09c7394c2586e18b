package dev.convnet.models;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.convnet.common.LimitExceededException;
import dev.convnet.common.NotFoundException;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionLimits;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.definition.Lineage;
import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import dev.convnet.definition.ModelNames;
import dev.convnet.definition.ModelRepository;
import dev.convnet.definition.ParsedDefinition;
import dev.convnet.definition.StoredModel;
import dev.convnet.engine.dl4j.EngineLayer;
import dev.convnet.engine.dl4j.NetworkCompiler;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Creates, reads and deletes model definitions. A definition is parsed, shape-checked and compiled by the
 * engine before anything is written, so an invalid one never reaches the database.
 */
@Service
public class ModelDefinitionService {

    private final ModelRepository repository;
    private final ServingModelResolver serving;
    private final ModelAliasRepository aliases;
    private final NetworkCompiler compiler;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final Clock clock;
    private final DefinitionLimits limits;
    private final DefinitionParser parser = new DefinitionParser();
    private final SecureRandom seeds = new SecureRandom();
    // Parsing and shape inference are cheap next to a request's work but not free; bounded, so a store of many
    // models does not keep every parsed definition in the heap.
    private final Cache<UUID, ModelEntry> parsed = Caffeine.newBuilder().maximumSize(10_000).build();

    public ModelDefinitionService(ModelRepository repository, ServingModelResolver serving, ModelAliasRepository aliases,
                                  NetworkCompiler compiler, DefinitionLimits limits, ApplicationEventPublisher events,
                                  ObjectMapper json, Clock clock) {
        this.repository = repository;
        this.serving = serving;
        this.aliases = aliases;
        this.limits = limits;
        this.compiler = compiler;
        this.events = events;
        this.json = json;
        this.clock = clock;
    }

    public ModelEntry create(JsonNode document) {
        return create(UUID.randomUUID(), document, seeds.nextLong());
    }

    /** With a given seed for the initial weights, so that a seeded training job is reproducible end to end. */
    public ModelEntry create(JsonNode document, long seed) {
        return create(UUID.randomUUID(), document, seed);
    }

    /** Under an id the caller chose: for a model whose weights file is written, under that id, before its row. */
    public ModelEntry create(UUID id, JsonNode document) {
        return create(id, document, seeds.nextLong());
    }

    /**
     * An imported model with weights, under the id its weights file was written for: TRAINED, since its weights are
     * the result of training elsewhere, with lineage naming the file it came from.
     */
    public ModelEntry createImported(UUID id, JsonNode document, Lineage lineage) {
        return create(id, document, seeds.nextLong(), ModelKind.TRAINED, lineage);
    }

    private ModelEntry create(UUID id, JsonNode document, long seed) {
        return create(id, document, seed, ModelKind.DEFINITION, null);
    }

    // Entries are cached on first read, not here: a creation undone with its transaction must leave nothing behind.
    private ModelEntry create(UUID id, JsonNode document, long seed, ModelKind kind, Lineage lineage) {
        ParsedDefinition definition = parser.parse(document, limits);
        compiler.describe(definition.architecture());
        // Microseconds: what both H2 and PostgreSQL keep, so a re-read entry equals the returned one.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        StoredModel model = repository.insert(new StoredModel(id, definition.architecture().definition().name(),
                0, kind, definition.format(), json.writeValueAsString(definition.document()), seed, now, lineage));
        return new ModelEntry(model, definition.document(), definition.architecture());
    }

    /**
     * Records a trained model under the id its weights file was written for: the parent's definition, a new
     * version of its name, and where it came from.
     */
    public ModelEntry createTrained(UUID id, ModelEntry parent, Lineage lineage) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        StoredModel model = repository.insert(new StoredModel(id, parent.model().name(), 0, ModelKind.TRAINED,
                parent.model().sourceFormat(), parent.model().definitionJson(), parent.model().seed(), now, lineage));
        return new ModelEntry(model, parent.document(), parent.architecture());
    }

    /**
     * The model of that name with that version, or the newest version when {@code version} is null, trained or not:
     * what managing a name needs. Serving a name without a version uses {@link #getServing}.
     */
    public ModelEntry getByName(String name, Integer version) {
        requirePossibleName(name);
        StoredModel model = repository.findByNameAndVersion(name, version).orElseThrow(() -> new NotFoundException("Model",
                version == null ? name : name + " version " + version));
        return parsed.get(model.id(), key -> toEntry(model));
    }

    /**
     * The version that serves requests naming the model without a version ({@link ServingModelResolver}): never an
     * untrained one; 404 when the name has no version with weights.
     */
    public ModelEntry getServing(String name) {
        requirePossibleName(name);
        StoredModel model = serving.resolve(name).orElseThrow(() -> repository.findByNameAndVersion(name, null).isEmpty()
                ? new NotFoundException("Model", name)
                : new NotFoundException("Model", name,
                        "has no version with weights to serve: train it or set a version's weights, or name a version"));
        return parsed.get(model.id(), key -> toEntry(model));
    }

    /** Aliases pointing at the model, by name. */
    public List<String> aliasesOf(UUID id) {
        return aliases.aliasesOf(id);
    }

    /** Model id -> aliases pointing at it, for every model that has any. */
    public Map<UUID, List<String>> aliasesByModel() {
        return aliases.aliasesByModel();
    }

    private static void requirePossibleName(String name) {
        if (!ModelNames.isValid(name)) { // no model can have it; and PostgreSQL refuses a NUL even in a query
            throw new NotFoundException("Model", name == null ? "" : ModelNames.printable(name));
        }
    }

    /** Validates a definition document as {@link #create} does, within the node's limits, without storing it. */
    public ParsedDefinition parse(JsonNode document) {
        return parser.parse(document, limits);
    }

    public ModelEntry get(UUID id) {
        ModelEntry cached = parsed.getIfPresent(id);
        if (cached != null) {
            return cached;
        }
        StoredModel model = repository.find(id).orElseThrow(() -> new NotFoundException("Model", id.toString()));
        return parsed.get(id, key -> toEntry(model));
    }

    /**
     * The model, if its network may be built on this node: a stored model over the node's limits (stored before they
     * applied, or under higher ones) is refused with {@link ModelOverLimitsException} before anything allocates it.
     */
    public ModelEntry getLoadable(UUID id) {
        ModelEntry entry = get(id);
        Architecture architecture = entry.architecture();
        try {
            limits.checkLayerCount(architecture.layers().size(), "/layers");
            limits.checkSizes(architecture.definition());
            limits.checkArchitecture(architecture);
        } catch (LimitExceededException e) {
            throw new ModelOverLimitsException(id, e);
        }
        return entry;
    }

    public List<ModelEntry> list() {
        return repository.findAll().stream().map(m -> parsed.get(m.id(), key -> toEntry(m))).toList();
    }

    public List<EngineLayer> engineLayers(ModelEntry entry) {
        return compiler.describe(entry.architecture());
    }

    /** Refused with 409 while aliases point at the model: serving by alias must not lose its target. */
    public void delete(UUID id) {
        StoredModel model = repository.find(id).orElseThrow(() -> new NotFoundException("Model", id.toString()));
        requireNoAliases(model);
        try {
            if (!repository.delete(id)) {
                throw new NotFoundException("Model", id.toString());
            }
        } catch (DataIntegrityViolationException e) { // an alias was set between the check and the delete
            requireNoAliases(model);
            throw e;
        }
        parsed.invalidate(id);
        events.publishEvent(new ModelDeleted(id));
    }

    /** A model deleted on another node of the cluster: its parsed definition must not keep it alive here. */
    @EventListener
    void onModelDeleted(ModelDeleted event) {
        parsed.invalidate(event.modelId());
    }

    private void requireNoAliases(StoredModel model) {
        List<String> pointing = aliases.aliasesOf(model.id());
        if (!pointing.isEmpty()) {
            throw new AliasedVersionException(model.name(), model.version(), pointing);
        }
    }

    private ModelEntry toEntry(StoredModel model) {
        JsonNode document = json.readTree(model.definitionJson());
        return new ModelEntry(model, document, parser.parse(document).architecture());
    }
}
