package dev.convnet.store;

import dev.convnet.definition.ModelDefinitionService;
import dev.convnet.definition.ModelDeleted;
import dev.convnet.definition.ModelEntry;
import dev.convnet.engine.CompiledNetwork;
import dev.convnet.engine.NetworkCompiler;
import dev.convnet.system.ConvnetProperties;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * A model's network with its current weights. Weights live in DL4J model files under
 * {@code <data-dir>/models/<id>/}; the database row names the current file and its checksum, so a crash
 * while writing leaves the previous weights in force. A model whose weights were never set gets its
 * initial weights from its stored seed, the same after every restart.
 */
@Service
public class ModelNetworks {

    private static final Logger log = LoggerFactory.getLogger(ModelNetworks.class);

    private final ModelDefinitionService definitions;
    private final NetworkCompiler compiler;
    private final WeightFileRepository files;
    private final Path modelsDir;
    private final Clock clock;

    ModelNetworks(ModelDefinitionService definitions, NetworkCompiler compiler, WeightFileRepository files,
                  ConvnetProperties properties, Clock clock) {
        this.definitions = definitions;
        this.compiler = compiler;
        this.files = files;
        this.modelsDir = properties.modelsDir();
        this.clock = clock;
    }

    /** A new network instance that the caller owns. */
    public CompiledNetwork load(UUID modelId) {
        ModelEntry entry = definitions.getLoadable(modelId);
        Optional<WeightFile> stored = files.find(modelId);
        if (stored.isEmpty()) {
            return compiler.compile(entry.architecture(), entry.model().seed());
        }
        Path path = modelDir(modelId).resolve(stored.get().fileName());
        try {
            byte[] content = AtomicFiles.readVerified(path, stored.get().sha256());
            return compiler.restore(entry.architecture(), new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the weights of model " + modelId + " from " + path, e);
        }
    }

    /**
     * The model's DL4J model file: the stored one (checksum verified), or for a model whose weights were
     * never set, its initial network from the stored seed.
     */
    public byte[] modelFile(UUID modelId) {
        ModelEntry entry = definitions.getLoadable(modelId);
        Optional<WeightFile> stored = files.find(modelId);
        try {
            if (stored.isPresent()) {
                return AtomicFiles.readVerified(modelDir(modelId).resolve(stored.get().fileName()), stored.get().sha256());
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            compiler.compile(entry.architecture(), entry.model().seed()).writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model file of model " + modelId, e);
        }
    }

    public Optional<java.time.Instant> weightsUpdatedAt(UUID modelId) {
        return files.find(modelId).map(WeightFile::updatedAt);
    }

    /** Stores the network's weights as the model's current ones; returns the new file's SHA-256. */
    public String save(UUID modelId, CompiledNetwork network) {
        definitions.get(modelId); // the model must (still) exist
        Optional<WeightFile> previous = files.find(modelId);
        Path target = modelDir(modelId).resolve("network-" + UUID.randomUUID() + ".zip");
        try {
            AtomicFiles.Written written = AtomicFiles.write(target, network::writeTo);
            files.save(new WeightFile(modelId, target.getFileName().toString(), written.sha256(), written.size(),
                    clock.instant().truncatedTo(ChronoUnit.MICROS)));
            previous.ifPresent(old -> deleteQuietly(modelDir(modelId).resolve(old.fileName())));
            return written.sha256();
        } catch (IOException e) {
            deleteQuietly(target);
            throw new UncheckedIOException("cannot write the weights of model " + modelId, e);
        }
    }

    @EventListener
    void onModelDeleted(ModelDeleted event) {
        Path dir = modelDir(event.modelId());
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(ModelNetworks::deleteQuietly);
        } catch (IOException e) {
            log.warn("Could not remove the files of deleted model {}: {}", event.modelId(), e.getMessage());
        }
    }

    private Path modelDir(UUID modelId) {
        return modelsDir.resolve(modelId.toString());
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not delete {}: {}", path, e.getMessage());
        }
    }
}
