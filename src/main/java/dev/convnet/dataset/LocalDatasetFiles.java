package dev.convnet.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Where a built-in dataset's files are expected on disk. */
final class LocalDatasetFiles {

    private LocalDatasetFiles() {
    }

    /** The file as it lies in {@code folder}: uncompressed, or for IDX datasets also gzipped. */
    static Optional<Path> find(Path folder, BuiltInDataset dataset, DatasetFile file) {
        Path plain = folder.resolve(file.name());
        if (Files.isRegularFile(plain)) {
            return Optional.of(plain);
        }
        Path gzipped = folder.resolve(file.name() + ".gz");
        if (dataset.format() == DatasetFormat.IDX && Files.isRegularFile(gzipped)) {
            return Optional.of(gzipped);
        }
        return Optional.empty();
    }

    static List<DatasetFile> missing(Path folder, BuiltInDataset dataset) {
        return dataset.files().stream().filter(file -> find(folder, dataset, file).isEmpty()).toList();
    }
}
