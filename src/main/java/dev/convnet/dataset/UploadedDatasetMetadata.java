package dev.convnet.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What is stored beside an uploaded dataset's images.
 *
 * @param testSource where the test split came from: {@code test-folder}, {@code validation-split} or {@code none}
 * @param resize     how images were brought to the target size ({@code stretch}, as the prediction API's
 *                   {@code resize=stretch}); null when no target size was given and images kept their own
 * @param sha256     SHA-256 per stored file name, checked on load
 */
public record UploadedDatasetMetadata(String name, List<String> classNames, ImageShape shape, int trainSize,
                                      int testSize, String testSource, Double validationSplit, String resize,
                                      String originalFileName, Instant createdAt, Map<String, String> sha256) {

    public UploadedDatasetMetadata {
        classNames = List.copyOf(classNames);
        sha256 = sha256 == null ? Map.of() : Map.copyOf(sha256);
    }

    UploadedDatasetMetadata withChecksums(Map<String, String> checksums) {
        return new UploadedDatasetMetadata(name, classNames, shape, trainSize, testSize, testSource, validationSplit,
                resize, originalFileName, createdAt, checksums);
    }
}
