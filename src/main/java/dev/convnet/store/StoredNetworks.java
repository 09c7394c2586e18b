package dev.convnet.store;

import dev.convnet.definition.ModelEntry;
import dev.convnet.definition.ModelKind;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.models.ModelDefinitionService;
import dev.convnet.models.ModelDeleted;
import dev.convnet.storage.ArtifactIntegrityException;
import dev.convnet.storage.ArtifactMissingException;
import dev.convnet.storage.ArtifactStorage;
import dev.convnet.storage.StoredObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Models' networks as stored: each built with its current weights, read from the DL4J model file under
 * {@code models/<id>/} in the {@link ArtifactStorage}, and new weights written there. The database row names the
 * current file and its checksum, and is committed only once the file is durable ({@link ArtifactPublisher}). A definition whose
 * weights were never set gets its initial weights from its stored seed, the same after every restart. A model
 * whose named file is missing or damaged, or a trained model without one, is broken ({@link BrokenModelException}):
 * never served with other weights in place of its own.
 */
@Service
public class StoredNetworks {

    private static final Logger log = LoggerFactory.getLogger(StoredNetworks.class);

    private final ModelDefinitionService definitions;
    private final NetworkCompiler compiler;
    private final WeightFileRepository files;
    private final ArtifactPublisher publisher;
    private final BrokenModels broken;
    private final ArtifactStorage storage;
    private final Clock clock;

    StoredNetworks(ModelDefinitionService definitions, NetworkCompiler compiler, WeightFileRepository files,
                  ArtifactPublisher publisher, BrokenModels broken, ArtifactStorage storage, Clock clock) {
        this.definitions = definitions;
        this.compiler = compiler;
        this.files = files;
        this.publisher = publisher;
        this.broken = broken;
        this.storage = storage;
        this.clock = clock;
    }

    /** A new network instance that the caller owns. */
    public CompiledNetwork load(UUID modelId) {
        ModelEntry entry = definitions.getLoadable(modelId);
        Optional<WeightFile> stored = files.find(modelId);
        if (stored.isEmpty()) {
            return initial(entry);
        }
        try {
            return compiler.restore(entry.architecture(), new ByteArrayInputStream(read(entry, stored.get())));
        } catch (IOException | IllegalStateException e) { // DL4J's "not a model file" is an IllegalStateException
            throw broken.mark(entry.model(), "its weights file " + stored.get().fileName() + " does not fit its definition ("
                    + e.getMessage() + ")");
        }
    }

    /**
     * The network of the model's definition with parameters drawn from its seed, for a caller that is about to
     * set every weight: it does not read the stored file, so it works for a broken model too.
     */
    public CompiledNetwork blank(UUID modelId) {
        ModelEntry entry = definitions.getLoadable(modelId);
        return compiler.compile(entry.architecture(), entry.model().seed());
    }

    /**
     * The model's DL4J model file: the stored one (checksum verified), or for a definition whose weights were
     * never set, its initial network from the stored seed.
     */
    public byte[] modelFile(UUID modelId) {
        ModelEntry entry = definitions.getLoadable(modelId);
        Optional<WeightFile> stored = files.find(modelId);
        if (stored.isPresent()) {
            return read(entry, stored.get());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            initial(entry).writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the initial network of model " + modelId, e);
        }
        return out.toByteArray();
    }

    public Optional<Instant> weightsUpdatedAt(UUID modelId) {
        return files.find(modelId).map(WeightFile::updatedAt);
    }

    /** Stores the network's weights as the model's current ones; returns the new file's SHA-256. */
    public String save(UUID modelId, CompiledNetwork network) {
        definitions.get(modelId); // the model must (still) exist
        String sha256 = publish(modelId, network, written -> {
            Optional<WeightFile> previous = files.find(modelId);
            files.save(weightFile(modelId, written));
            return new ArtifactPublisher.Committed<>(written.sha256(),
                    previous.map(old -> key(modelId, old.fileName())).orElse(null));
        });
        broken.repaired(modelId);
        return sha256;
    }

    /**
     * A new model and its weights, visible together or not at all: the file is written first, then
     * {@code rows} inserts the model row (under the id it is given) and whatever else must commit with it, in the
     * same transaction as the row that names the file.
     */
    public <T> T create(CompiledNetwork network, Function<UUID, T> rows) {
        UUID modelId = UUID.randomUUID();
        return publish(modelId, network, written -> {
            T result = rows.apply(modelId);
            files.save(weightFile(modelId, written));
            return ArtifactPublisher.Committed.of(result);
        });
    }

    @EventListener
    void onModelDeleted(ModelDeleted event) {
        try {
            storage.deleteAll(directory(event.modelId()));
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete the files of deleted model {} (the sweep at the next start will): {}",
                    event.modelId(), e.getMessage());
        }
    }

    private <T> T publish(UUID modelId, CompiledNetwork network, ArtifactPublisher.Rows<T> rows) {
        try {
            return publisher.publish(directory(modelId), ".zip", network::writeTo, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the weights of model " + modelId, e);
        }
    }

    private WeightFile weightFile(UUID modelId, StoredObject written) {
        return new WeightFile(modelId, written.fileName(), written.sha256(), written.size(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private CompiledNetwork initial(ModelEntry entry) {
        if (entry.model().kind() == ModelKind.TRAINED) {
            throw broken.mark(entry.model(), "no weights file is recorded for this trained model");
        }
        return compiler.compile(entry.architecture(), entry.model().seed());
    }

    private byte[] read(ModelEntry entry, WeightFile stored) {
        try {
            byte[] content = Files.readAllBytes(storage.read(key(entry.model().id(), stored.fileName()), stored.sha256()));
            broken.repaired(entry.model().id()); // e.g. the file was restored from a backup
            return content;
        } catch (ArtifactMissingException e) {
            throw broken.mark(entry.model(), "its weights file " + stored.fileName() + " is missing");
        } catch (ArtifactIntegrityException e) {
            throw broken.mark(entry.model(), e.getMessage());
        } catch (IOException e) {
            throw broken.mark(entry.model(), "its weights file " + stored.fileName() + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The storage directory of the model's files. */
    static String directory(UUID modelId) {
        return "models/" + modelId;
    }

    static String key(UUID modelId, String fileName) {
        return directory(modelId) + "/" + fileName;
    }
}
