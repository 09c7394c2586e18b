package dev.convnet.store;

import dev.convnet.common.ConvnetProperties;
import dev.convnet.common.FilesQuietly;
import dev.convnet.definition.ModelKind;
import dev.convnet.storage.ArtifactStorage;
import dev.convnet.storage.ListedObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start-up, before the node takes requests: deletes the model files no row names (left by a crash between
 * writing a file and committing its row, or between deleting a model and its files), unfinished writes and the
 * import staging directory; then checks that every file a row names is there with the size it was written with,
 * and lists the models where it is not in {@link BrokenModels}. In a shared bucket, a file too recent to judge is
 * left for a later sweep ({@link ArtifactStorage#deleteUnnamed}).
 */
@Component
class StoredFileSweeper implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(StoredFileSweeper.class);
    private static final String MODELS = "models";

    private final WeightFileRepository files;
    private final BrokenModels broken;
    private final ArtifactStorage storage;
    private final Path stagingDir;

    StoredFileSweeper(WeightFileRepository files, BrokenModels broken, ArtifactStorage storage,
                      ConvnetProperties properties) {
        this.files = files;
        this.broken = broken;
        this.storage = storage;
        this.stagingDir = properties.dataDir().resolve("tmp");
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<WeightFileRepository.StoredWeights> inventory = files.inventory();
        Set<String> named = new HashSet<>();
        for (WeightFileRepository.StoredWeights model : inventory) {
            if (model.fileName() != null) {
                named.add(StoredNetworks.key(model.modelId(), model.fileName()));
            }
        }
        Map<String, Long> sizes;
        try {
            List<String> deleted = storage.deleteUnnamed(MODELS, named);
            if (!deleted.isEmpty()) {
                log.info("Deleted {} model file(s) that no model names: {}", deleted.size(), deleted);
            }
            sizes = storage.list(MODELS).stream().collect(Collectors.toMap(ListedObject::key, ListedObject::size));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sweep the model files in " + storage.location(), e);
        }
        FilesQuietly.deleteTree(stagingDir);
        inventory.forEach(model -> check(model, sizes));
    }

    private void check(WeightFileRepository.StoredWeights model, Map<String, Long> sizes) {
        if (model.fileName() == null) {
            if (model.kind() == ModelKind.TRAINED) {
                broken.mark(model.modelId(), model.name(), model.version(), "no weights file is recorded for this trained model");
            }
            return;
        }
        Long size = sizes.get(StoredNetworks.key(model.modelId(), model.fileName()));
        if (size == null) {
            broken.mark(model.modelId(), model.name(), model.version(), "its weights file " + model.fileName() + " is missing");
        } else if (size.longValue() != model.sizeBytes()) {
            broken.mark(model.modelId(), model.name(), model.version(), "its weights file " + model.fileName() + " has "
                    + size + " bytes, " + model.sizeBytes() + " were written");
        }
    }
}
