package dev.convnet.dataset;

import dev.convnet.storage.ArtifactStorage;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * At start, deletes uploaded-dataset objects that no row names: left by an upload whose row never committed. In a
 * shared bucket a recent one is kept ({@link ArtifactStorage#deleteUnnamed}), since its row may be about to commit.
 */
@Component
class UploadedDatasetSweeper implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(UploadedDatasetSweeper.class);

    private final UploadedDatasetObjects objects;
    private final ArtifactStorage storage;

    UploadedDatasetSweeper(UploadedDatasetObjects objects, ArtifactStorage storage) {
        this.objects = objects;
        this.storage = storage;
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            List<String> deleted = storage.deleteUnnamed(UploadedDatasetObjects.ROOT, objects.keys());
            if (!deleted.isEmpty()) {
                log.info("Deleted {} uploaded dataset object(s) that no dataset names: {}", deleted.size(), deleted);
            }
        } catch (IOException | RuntimeException e) {
            // datasets still load; the next start sweeps again
            log.warn("Could not sweep the uploaded dataset objects in {}: {}", storage.location(), e.getMessage());
        }
    }
}
