package dev.convnet.store;

import dev.convnet.common.ConvnetProperties;
import dev.convnet.common.FilesQuietly;
import dev.convnet.definition.ModelKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start-up, before the node takes requests: deletes the model files no row names (left by a crash between
 * writing a file and committing its row, or between deleting a model and its files), unfinished writes and the
 * import staging directory; then checks that every file a row names is there with the size it was written with,
 * and lists the models where it is not in {@link BrokenModels}. The data directory is this node's alone (the
 * embedded database locks it; checkpoints live there too), so no other writer can be half-way through here.
 */
@Component
class StoredFileSweeper implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StoredFileSweeper.class);

    private final WeightFileRepository files;
    private final BrokenModels broken;
    private final Path modelsDir;
    private final Path stagingDir;

    StoredFileSweeper(WeightFileRepository files, BrokenModels broken, ConvnetProperties properties) {
        this.files = files;
        this.broken = broken;
        this.modelsDir = properties.modelsDir();
        this.stagingDir = properties.dataDir().resolve("tmp");
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<WeightFileRepository.StoredWeights> inventory = files.inventory();
        Set<Path> named = new HashSet<>();
        for (WeightFileRepository.StoredWeights model : inventory) {
            if (model.fileName() != null) {
                named.add(modelsDir.resolve(model.modelId().toString()).resolve(model.fileName()));
            }
        }
        try {
            List<Path> deleted = AtomicFiles.deleteUnnamed(modelsDir, named);
            if (!deleted.isEmpty()) {
                log.info("Deleted {} model file(s) that no model names: {}", deleted.size(), deleted);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sweep the models directory " + modelsDir, e);
        }
        FilesQuietly.deleteTree(stagingDir);
        inventory.forEach(this::check);
    }

    private void check(WeightFileRepository.StoredWeights model) {
        if (model.fileName() == null) {
            if (model.kind() == ModelKind.TRAINED) {
                broken.mark(model.modelId(), model.name(), model.version(), "no weights file is recorded for this trained model");
            }
            return;
        }
        Path file = modelsDir.resolve(model.modelId().toString()).resolve(model.fileName());
        try {
            long size = Files.size(file);
            if (size != model.sizeBytes()) {
                broken.mark(model.modelId(), model.name(), model.version(), "its weights file " + model.fileName() + " has "
                        + size + " bytes, " + model.sizeBytes() + " were written");
            }
        } catch (IOException e) {
            broken.mark(model.modelId(), model.name(), model.version(), "its weights file " + model.fileName() + " is missing");
        }
    }
}
