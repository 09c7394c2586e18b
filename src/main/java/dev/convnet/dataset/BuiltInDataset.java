package dev.convnet.dataset;

import java.util.List;
import java.util.stream.Stream;

/**
 * A dataset the service knows without an upload.
 *
 * @param folder folder below {@code convnet.datasets.dir} that holds the files; datasets that differ only in
 *               the labels they read (CIFAR-100 fine and coarse) share it
 */
public record BuiltInDataset(String name, String description, String folder, DatasetFormat format,
                             ImageShape shape, List<String> classNames, int trainSize, int testSize,
                             List<DatasetFile> trainFiles, List<DatasetFile> testFiles, DownloadSpec download) {

    public BuiltInDataset {
        classNames = List.copyOf(classNames);
        trainFiles = List.copyOf(trainFiles);
        testFiles = List.copyOf(testFiles);
    }

    public List<DatasetFile> files() {
        return Stream.concat(trainFiles.stream(), testFiles.stream()).toList();
    }
}
