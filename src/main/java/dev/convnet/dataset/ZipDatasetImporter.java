package dev.convnet.dataset;

import dev.convnet.dataset.UploadedSplits.Sample;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Imports a zip of class-named folders of images ({@link ClassFolderLayout}), read through the archive guards of
 * {@link GuardedZip} and decoded by the serving image pipeline ({@link UploadedImageReader}). Whatever happens,
 * the received file is deleted and the dataset is stored either completely or not at all.
 */
@Component
public class ZipDatasetImporter {

    private final DatasetSettings.Upload limits;
    private final UploadedDatasetStore store;
    private final UploadedImageReader images;
    private final Semaphore running;

    private final FolderDatasets folders;

    /** An importer that knows of no folder datasets. */
    public ZipDatasetImporter(DatasetSettings settings, UploadedDatasetStore store) {
        this(settings, store, new FolderDatasets(new FolderDatasetSettings(null, 1), settings));
    }

    @Autowired
    ZipDatasetImporter(DatasetSettings settings, UploadedDatasetStore store, FolderDatasets folders) {
        this.limits = settings.upload();
        this.store = store;
        this.folders = folders;
        this.images = new UploadedImageReader(limits);
        this.running = new Semaphore(limits.maxConcurrent());
    }

    /**
     * @param zip              the archive as uploaded; read to its end or to the first exceeded limit
     * @param originalFileName the uploaded file's name, kept in the metadata; may be null
     * @throws InvalidDatasetUploadException   bad options or a malformed/hostile archive (400)
     * @throws DatasetUploadTooLargeException  a configured limit is exceeded (413)
     * @throws DatasetAlreadyExistsException   the name is taken (409)
     * @throws DatasetUploadsBusyException     {@code max-concurrent} uploads are being imported already (503)
     */
    public ImportedDataset importZip(InputStream zip, String originalFileName, ImportOptions options) {
        validate(options);
        // Each import holds its decoded images on the heap: a few at once, the rest are told to come back.
        if (!running.tryAcquire()) {
            throw new DatasetUploadsBusyException(limits.maxConcurrent());
        }
        try {
            return importAcquired(zip, originalFileName, options);
        } finally {
            running.release();
        }
    }

    private ImportedDataset importAcquired(InputStream zip, String originalFileName, ImportOptions options) {
        Path received = null;
        try {
            received = store.createIncomingFile();
            GuardedZip.receive(zip, received, limits);
            Decoded decoded = decode(received, options);
            UploadedDatasetMetadata metadata = new UploadedDatasetMetadata(options.name(),
                    decoded.splits.train().classNames(), decoded.splits.train().shape(),
                    decoded.splits.train().count(), decoded.splits.test().count(), decoded.testSource,
                    options.validationSplit(), options.targetSize() == null ? null
                    : UploadedImageReader.RESIZE.parameter(), originalFileName, Instant.now(), Map.of());
            return new ImportedDataset(store.save(metadata, decoded.splits), decoded.splits);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the uploaded dataset '" + options.name() + "'", e);
        } finally {
            dev.convnet.common.FilesQuietly.deleteTree(received);
        }
    }

    private void validate(ImportOptions options) {
        if (!UploadedDatasetStore.isValidName(options.name())) {
            throw new InvalidDatasetUploadException("name", null, "must be 1 to 64 lower-case letters, digits, '-'"
                    + " or '_', starting with a letter or digit; got '" + options.name() + "'");
        }
        if (BuiltInDatasets.find(options.name()).isPresent() || folders.names().contains(options.name())
                || store.exists(options.name())) {
            throw new DatasetAlreadyExistsException(options.name());
        }
        Double split = options.validationSplit();
        if (split != null && !(split > 0 && split < 1)) {
            throw new InvalidDatasetUploadException("validationSplit", null, "must be above 0 and below 1, got "
                    + split);
        }
        ImportOptions.TargetSize target = options.targetSize();
        if (target != null) {
            int maxSide = ImportOptions.TargetSize.MAX_SIDE;
            if (target.height() < 1 || target.width() < 1 || target.height() > maxSide || target.width() > maxSide) {
                throw new InvalidDatasetUploadException("targetSize", null, "height and width must be 1 to "
                        + maxSide + ", got " + target.height() + "x" + target.width());
            }
            if ((long) target.height() * target.width() > limits.maxImagePixels()) {
                throw new InvalidDatasetUploadException("targetSize", null, target.height() + "x" + target.width()
                        + " exceeds convnet.datasets.upload.max-image-pixels = " + limits.maxImagePixels());
            }
        }
    }

    private record Decoded(DatasetSplits splits, String testSource) {
    }

    private Decoded decode(Path received, ImportOptions options) throws IOException {
        try (GuardedZip zip = GuardedZip.open(received, limits)) {
            ClassFolderLayout layout = ClassFolderLayout.of(zip.files());
            if (layout.hasTestFolder() && options.validationSplit() != null) {
                throw new InvalidDatasetUploadException("validationSplit", null,
                        "the archive already has a test/ folder; leave validationSplit out");
            }
            DecodedBudget budget = new DecodedBudget(limits.maxDecodedSize().toBytes());
            List<Sample> train = new ArrayList<>();
            List<Sample> test = new ArrayList<>();
            UploadedImageReader.Pixels reference = null;
            String referenceEntry = null;
            for (ClassFolderLayout.Image image : layout.images()) {
                String name = image.entry().getName();
                UploadedImageReader.Pixels pixels = images.read(zip.read(image.entry()), name, options.targetSize(),
                        options.colorMode(), (height, width) -> budget.add(3L * height * width, name));
                if (reference == null) {
                    reference = pixels;
                    referenceEntry = name;
                } else if (reference.height() != pixels.height() || reference.width() != pixels.width()) {
                    throw new InvalidDatasetUploadException("file", name, "is " + pixels.height() + "x"
                            + pixels.width() + " (height x width) but '" + referenceEntry + "' is "
                            + reference.height() + "x" + reference.width() + "; give a target size to resize all"
                            + " images");
                }
                (image.test() ? test : train).add(new Sample(image.className(), pixels));
            }
            String testSource = layout.hasTestFolder() ? "test-folder" : "none";
            if (options.validationSplit() != null) {
                test = UploadedSplits.holdOut(train, options.validationSplit());
                testSource = "validation-split";
            }
            return new Decoded(UploadedSplits.of(train, test, layout.classNames()), testSource);
        }
    }

    /** Counts the bytes of all stored images together, refusing the upload once they pass max-decoded-size. */
    private static final class DecodedBudget {
        private final long max;
        private long used;

        DecodedBudget(long max) {
            this.max = max;
        }

        void add(long bytes, String entry) {
            used += bytes;
            if (used > max) {
                throw new DatasetUploadTooLargeException(entry, "max-decoded-size", max,
                        "the images decode to more bytes than allowed");
            }
        }
    }
}
