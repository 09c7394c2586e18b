package dev.convnet.dataset;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Datasets streamed from ImageNet-layout folders of JPEG/PNG files, read per batch and never held in memory whole.
 *
 * @param datasets      by dataset name
 * @param decodeThreads threads that decode and resize one batch's files while the previous batch trains
 */
@ConfigurationProperties("convnet.folder-datasets")
public record FolderDatasetSettings(Map<String, Folder> datasets, @DefaultValue("2") int decodeThreads) {

    public FolderDatasetSettings {
        datasets = datasets == null ? Map.of() : Map.copyOf(datasets);
    }

    /**
     * @param path         the folder; a relative path is resolved against {@code convnet.datasets.dir}
     * @param height       images are resized (stretched) to this height ...
     * @param width        ... and width
     * @param channels     1 (grey) or 3 (RGB)
     * @param testFraction without {@code train/} and {@code val/} folders: the last fraction of each class's files
     *                     (by name) that forms the test split
     */
    public record Folder(Path path, int height, int width, @DefaultValue("3") int channels,
                         @DefaultValue("0.2") double testFraction) {
    }
}
