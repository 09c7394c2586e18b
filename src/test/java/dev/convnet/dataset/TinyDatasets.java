package dev.convnet.dataset;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small datasets in the built-in formats, with the catalogue entries that describe them. */
final class TinyDatasets {

    static final List<String> CLASSES = List.of("zero", "one", "two");

    /** Uncompressed IDX content per file name: 3 training and 2 test images of 2x3. */
    static final Map<String, byte[]> IDX_FILES = idxFiles();

    /** CIFAR-10 batches: data_batch_1.bin with 2 records, test_batch.bin with 1. */
    static final Map<String, byte[]> CIFAR_FILES = Map.of(
            "data_batch_1.bin", TestData.concat(List.of(TestData.cifarRecord(0, 3), TestData.cifarRecord(1, 7))),
            "test_batch.bin", TestData.cifarRecord(2, 9));

    private TinyDatasets() {
    }

    private static Map<String, byte[]> idxFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("train-images-idx3-ubyte", TestData.idxImages(3, 2, 3));
        files.put("train-labels-idx1-ubyte", TestData.idxLabels(2, 0, 1));
        files.put("t10k-images-idx3-ubyte", TestData.idxImages(2, 2, 3));
        files.put("t10k-labels-idx1-ubyte", TestData.idxLabels(1, 1));
        return files;
    }

    static BuiltInDataset idx(URI baseUrl) {
        List<DatasetFile> files = IDX_FILES.entrySet().stream()
                .map(file -> new DatasetFile(file.getKey(), TestData.sha256(file.getValue()), file.getValue().length))
                .toList();
        return new BuiltInDataset("tiny", "tiny IDX", "tiny", DatasetFormat.IDX, new ImageShape(2, 3, 1), CLASSES,
                3, 2, files.subList(0, 2), files.subList(2, 4), new DownloadSpec.GzipPerFile(baseUrl));
    }

    static byte[] cifarArchive() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("tiny-cifar-bin/readme.html", "not a dataset file".getBytes());
        CIFAR_FILES.forEach((name, content) -> members.put("tiny-cifar-bin/" + name, content));
        return TestData.tarGz(members);
    }

    /** @param archiveSha256 null to verify structurally only */
    static BuiltInDataset cifar(URI baseUrl, String archiveSha256) {
        return new BuiltInDataset("tiny-cifar", "tiny CIFAR-10", "tiny-cifar", DatasetFormat.CIFAR_10_BINARY,
                new ImageShape(32, 32, 3), BuiltInDatasets.CIFAR_10, 2, 1,
                List.of(new DatasetFile("data_batch_1.bin", null, 2 * 3073)),
                List.of(new DatasetFile("test_batch.bin", null, 3073)),
                new DownloadSpec.TarGzArchive(baseUrl, "tiny-cifar.tar.gz", archiveSha256, 0, "tiny-cifar-bin/"));
    }
}
