package dev.convnet.dataset;

import dev.convnet.common.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Loads a built-in dataset into memory, checking every file: IDX files by the SHA-256 of their content (computed
 * while reading, so it costs no second pass), CIFAR files by size, record count and label range.
 */
@Component
public class BuiltInDatasetLoader {

    private final DatasetLocator locator;

    public BuiltInDatasetLoader(DatasetLocator locator) {
        this.locator = locator;
    }

    /**
     * @throws DatasetUnavailableException absent and not downloadable, download failed, or a file on disk is
     *                                     corrupt (reason CORRUPT, naming the file)
     */
    public DatasetSplits load(BuiltInDataset dataset) {
        Path folder = locator.locate(dataset);
        try {
            ImageSet train = read(dataset, folder, dataset.trainFiles(), dataset.trainSize());
            ImageSet test = read(dataset, folder, dataset.testFiles(), dataset.testSize());
            return new DatasetSplits(train, test);
        } catch (DatasetFormatException e) {
            throw new DatasetUnavailableException(dataset.name(), DatasetUnavailableException.Reason.CORRUPT,
                    "Dataset '" + dataset.name() + "' has a corrupt file: " + e.getMessage()
                            + ". Replace it, or delete it to have it downloaded again. "
                            + locator.whereToPutFiles(dataset), e);
        } catch (IOException e) {
            throw new DatasetUnavailableException(dataset.name(), DatasetUnavailableException.Reason.CORRUPT,
                    "Dataset '" + dataset.name() + "' could not be read: " + FileErrors.describe(e), e);
        }
    }

    private ImageSet read(BuiltInDataset dataset, Path folder, List<DatasetFile> files, int expectedCount)
            throws IOException {
        ImageSet images = switch (dataset.format()) {
            case IDX -> readIdx(dataset, files);
            case CIFAR_10_BINARY -> readCifar(dataset, files, CifarBinaryReader.Variant.CIFAR_10);
            case CIFAR_100_BINARY_FINE -> readCifar(dataset, files, CifarBinaryReader.Variant.CIFAR_100_FINE);
            case CIFAR_100_BINARY_COARSE -> readCifar(dataset, files, CifarBinaryReader.Variant.CIFAR_100_COARSE);
        };
        if (images.count() != expectedCount || !images.shape().equals(dataset.shape())) {
            throw new DatasetFormatException(dataset.folder(), "holds " + images.count() + " images of "
                    + images.shape() + ", expected " + expectedCount + " of " + dataset.shape());
        }
        return images;
    }

    private ImageSet readIdx(BuiltInDataset dataset, List<DatasetFile> files) throws IOException {
        if (files.size() != 2) {
            throw new IllegalStateException(dataset.name() + ": an IDX split needs an images and a labels file");
        }
        IdxReader.IdxArray images = readVerified(dataset, files.get(0));
        IdxReader.IdxArray labels = readVerified(dataset, files.get(1));
        return IdxReader.toImageSet(images, files.get(0).name(), labels, files.get(1).name(), dataset.classNames());
    }

    private IdxReader.IdxArray readVerified(BuiltInDataset dataset, DatasetFile file) throws IOException {
        Path path = locateFile(dataset, file);
        MessageDigest digest = Sha256.newDigest();
        IdxReader.IdxArray array;
        try (InputStream in = new DigestInputStream(DatasetStreams.openContent(path), digest)) {
            array = IdxReader.readArray(in, path.getFileName().toString());
        }
        String actual = Sha256.hex(digest);
        if (file.sha256() != null && !file.sha256().equalsIgnoreCase(actual)) {
            throw new DatasetFormatException(path.getFileName().toString(), "SHA-256 of the content is " + actual
                    + ", expected " + file.sha256());
        }
        return array;
    }

    private ImageSet readCifar(BuiltInDataset dataset, List<DatasetFile> files, CifarBinaryReader.Variant variant)
            throws IOException {
        List<Path> paths = new ArrayList<>();
        for (DatasetFile file : files) {
            Path path = locateFile(dataset, file);
            long size = Files.size(path);
            if (size != file.size()) {
                throw new DatasetFormatException(file.name(), "is " + size + " bytes, expected " + file.size());
            }
            paths.add(path);
        }
        return CifarBinaryReader.read(paths, variant, dataset.classNames());
    }

    private Path locateFile(BuiltInDataset dataset, DatasetFile file) throws DatasetFormatException {
        return locator.findFile(dataset, file)
                .orElseThrow(() -> new DatasetFormatException(file.name(), "disappeared while loading"));
    }
}
