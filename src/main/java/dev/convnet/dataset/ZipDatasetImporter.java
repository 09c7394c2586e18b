package dev.convnet.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.springframework.stereotype.Component;

/**
 * Imports a zip of class-named folders of PNG/JPEG images, Keras's {@code flow_from_directory} layout:
 * {@code <class>/<image>}, or {@code train/<class>/<image>} with optional {@code test/<class>/<image>}, optionally
 * all inside one root folder. Class names are the folder names, sorted (as Keras orders them).
 *
 * <p>The zip is read through its central directory with Commons Compress, because symbolic-link entries are only
 * recognisable from the Unix mode stored there (java.util.zip does not expose it). Entries are decoded in memory
 * and never extracted to disk; names that would escape a folder are refused anyway, as the archive is hostile.
 * Sizes in entry headers are not trusted: bytes are counted as they are inflated. Whatever happens, the received
 * file is deleted and the dataset is stored either completely or not at all.
 */
@Component
public class ZipDatasetImporter {

    private static final String TRAIN = "train";
    private static final String TEST = "test";
    private static final int MAX_SIDE = 8192;

    private final DatasetSettings.Upload limits;
    private final UploadedDatasetStore store;
    private final Semaphore running;

    public ZipDatasetImporter(DatasetSettings settings, UploadedDatasetStore store) {
        this.limits = settings.upload();
        this.store = store;
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
            receive(zip, received);
            Decoded decoded = decode(received, options);
            UploadedDatasetMetadata metadata = new UploadedDatasetMetadata(options.name(),
                    decoded.splits.train().classNames(), decoded.splits.train().shape(),
                    decoded.splits.train().count(), decoded.splits.test().count(), decoded.testSource,
                    options.validationSplit(), originalFileName, Instant.now(), Map.of());
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
        if (BuiltInDatasets.find(options.name()).isPresent() || store.exists(options.name())) {
            throw new DatasetAlreadyExistsException(options.name());
        }
        Double split = options.validationSplit();
        if (split != null && !(split > 0 && split < 1)) {
            throw new InvalidDatasetUploadException("validationSplit", null, "must be above 0 and below 1, got "
                    + split);
        }
        ImportOptions.TargetSize target = options.targetSize();
        if (target != null) {
            if (target.height() < 1 || target.width() < 1 || target.height() > MAX_SIDE || target.width() > MAX_SIDE) {
                throw new InvalidDatasetUploadException("targetSize", null, "height and width must be 1 to "
                        + MAX_SIDE + ", got " + target.height() + "x" + target.width());
            }
            if ((long) target.height() * target.width() > limits.maxImagePixels()) {
                throw new InvalidDatasetUploadException("targetSize", null, target.height() + "x" + target.width()
                        + " exceeds convnet.datasets.upload.max-image-pixels = " + limits.maxImagePixels());
            }
        }
    }

    private void receive(InputStream zip, Path destination) throws IOException {
        long max = limits.maxArchiveSize().toBytes();
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(destination)) {
            for (int n; (n = zip.read(buffer)) > 0; ) {
                total += n;
                if (total > max) {
                    throw new DatasetUploadTooLargeException(null, "max-archive-size", max,
                            "the archive is larger than allowed");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private record Decoded(DatasetSplits splits, String testSource) {
    }

    /** An image entry: which split it belongs to, its class folder and its full entry name. */
    private record ImageEntry(ZipArchiveEntry entry, boolean test, String className, String fileName) {
    }

    private record Sample(String className, ImageDecoder.DecodedImage image) {
    }

    private Decoded decode(Path received, ImportOptions options) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(received.toFile());
        } catch (IOException e) {
            // Commons Compress names the file it opened, which is the node's business, not the client's: the cause says why
            String reason = (e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                    : String.valueOf(e.getMessage())).replace(received.toString(), "the upload");
            throw new InvalidDatasetUploadException("file", null, "is not a readable zip archive (" + reason + ")", e);
        }
        try (zip) {
            List<ImageEntry> entries = layout(listFiles(zip));
            List<String> classNames = classNames(entries);
            boolean hasTestFolder = entries.stream().anyMatch(ImageEntry::test);
            if (hasTestFolder && options.validationSplit() != null) {
                throw new InvalidDatasetUploadException("validationSplit", null,
                        "the archive already has a test/ folder; leave validationSplit out");
            }
            Budget budget = new Budget();
            List<Sample> train = new ArrayList<>();
            List<Sample> test = new ArrayList<>();
            int[] reference = null;
            String referenceEntry = null;
            for (ImageEntry image : entries) {
                String name = image.entry().getName();
                byte[] encoded = read(zip, image.entry(), budget);
                ImageDecoder.DecodedImage decoded = ImageDecoder.decode(encoded, name, (width, height) -> {
                    if ((long) width * height > limits.maxImagePixels()) {
                        throw new DatasetUploadTooLargeException(name, "max-image-pixels", limits.maxImagePixels(),
                                "the image is " + width + "x" + height + " pixels");
                    }
                    ImportOptions.TargetSize target = options.targetSize();
                    long stored = target == null ? (long) width * height : (long) target.width() * target.height();
                    budget.addDecoded(3 * stored, name);
                });
                if (options.targetSize() != null) {
                    decoded = ImageDecoder.resize(decoded, options.targetSize().height(), options.targetSize().width());
                } else if (reference == null) {
                    reference = new int[] {decoded.height(), decoded.width()};
                    referenceEntry = name;
                } else if (reference[0] != decoded.height() || reference[1] != decoded.width()) {
                    throw new InvalidDatasetUploadException("file", name, "is " + decoded.height() + "x"
                            + decoded.width() + " (height x width) but '" + referenceEntry + "' is " + reference[0]
                            + "x" + reference[1] + "; give a target size to resize all images");
                }
                (image.test() ? test : train).add(new Sample(image.className(), decoded));
            }
            String testSource = hasTestFolder ? "test-folder" : "none";
            if (options.validationSplit() != null) {
                test = holdOut(train, options.validationSplit());
                testSource = "validation-split";
            }
            requireEveryClassInTraining(train, classNames);
            int channels = channels(options.colorMode(), train, test);
            ImageDecoder.DecodedImage first = train.get(0).image();
            ImageShape shape = new ImageShape(first.height(), first.width(), channels);
            return new Decoded(new DatasetSplits(toImageSet(train, classNames, shape),
                    toImageSet(test, classNames, shape)), testSource);
        }
    }

    /** Checks every entry's name and kind before any content is read, and returns the image files. */
    private List<ZipArchiveEntry> listFiles(ZipFile zip) {
        List<ZipArchiveEntry> files = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int count = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
            if (++count > limits.maxEntries()) {
                throw new DatasetUploadTooLargeException(null, "max-entries", limits.maxEntries(),
                        "the archive has more entries than allowed");
            }
            String name = entry.getName();
            checkName(name);
            if (entry.isUnixSymlink()) {
                throw new InvalidDatasetUploadException("file", name, "is a symbolic link; links are not accepted");
            }
            if (!seen.add(name)) {
                throw new InvalidDatasetUploadException("file", name, "occurs twice in the archive");
            }
            if (entry.isDirectory() || isJunk(name)) {
                continue;
            }
            if (!zip.canReadEntryData(entry)) {
                throw new InvalidDatasetUploadException("file", name,
                        "is encrypted or uses an unsupported compression method");
            }
            files.add(entry);
        }
        return files;
    }

    private static void checkName(String name) {
        if (name.isEmpty() || name.indexOf('\0') >= 0) {
            throw new InvalidDatasetUploadException("file", name, "has an empty or invalid name");
        }
        String normalized = name.replace('\\', '/');
        if (normalized.startsWith("/") || normalized.matches("^[A-Za-z]:.*")) {
            throw new InvalidDatasetUploadException("file", name, "has an absolute path");
        }
        String path = normalized.endsWith("/") ? normalized.substring(0, normalized.length() - 1) : normalized;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw new InvalidDatasetUploadException("file", name, "escapes the archive's folder ('..')");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw new InvalidDatasetUploadException("file", name, "has an empty or '.' path segment");
            }
        }
        if (!normalized.equals(name)) {
            throw new InvalidDatasetUploadException("file", name, "uses '\\' as a separator; use '/'");
        }
    }

    /** Files that zip tools add on their own (macOS resource forks, .DS_Store and other hidden files). */
    private static boolean isJunk(String name) {
        String[] segments = name.split("/");
        return segments[0].equals("__MACOSX") || segments[segments.length - 1].startsWith(".");
    }

    /** Assigns each file to a split and class, refusing files outside the expected folder depth. */
    private static List<ImageEntry> layout(List<ZipArchiveEntry> files) {
        if (files.isEmpty()) {
            throw new InvalidDatasetUploadException("file", null, "contains no images");
        }
        List<String[]> paths = files.stream().map(entry -> entry.getName().split("/")).toList();
        String root = paths.get(0)[0];
        boolean singleRoot = !isSplitFolder(root)
                && paths.stream().allMatch(path -> path.length >= 3 && path[0].equals(root));
        int skip = singleRoot ? 1 : 0;
        boolean split = paths.stream().anyMatch(path -> isSplitFolder(path[skip]));
        List<ImageEntry> entries = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String[] path = paths.get(i);
            int depth = path.length - skip;
            boolean valid = split ? depth == 3 && isSplitFolder(path[skip]) : depth == 2;
            if (!valid) {
                throw new InvalidDatasetUploadException("file", files.get(i).getName(), "is not in a class folder;"
                        + " expected <class>/<image> or train/<class>/<image> and test/<class>/<image>");
            }
            boolean test = split && path[skip].equals(TEST);
            entries.add(new ImageEntry(files.get(i), test, path[path.length - 2], path[path.length - 1]));
        }
        if (split && entries.stream().allMatch(ImageEntry::test)) {
            throw new InvalidDatasetUploadException("file", null, "has a test/ folder but no train/ folder");
        }
        // A stable order (split, class, file name) makes the stored dataset independent of the zip's order.
        entries.sort(Comparator.comparing(ImageEntry::test).thenComparing(ImageEntry::className)
                .thenComparing(ImageEntry::fileName));
        return entries;
    }

    private static boolean isSplitFolder(String segment) {
        return segment.equals(TRAIN) || segment.equals(TEST);
    }

    private static List<String> classNames(List<ImageEntry> entries) {
        Set<String> trainClasses = entries.stream().filter(entry -> !entry.test()).map(ImageEntry::className)
                .collect(Collectors.toCollection(TreeSet::new));
        if (trainClasses.size() < 2) {
            throw new InvalidDatasetUploadException("file", null, "needs at least two class folders, found "
                    + trainClasses);
        }
        for (ImageEntry entry : entries) {
            if (entry.test() && !trainClasses.contains(entry.className())) {
                throw new InvalidDatasetUploadException("file", entry.entry().getName(), "is in test class '"
                        + entry.className() + "', which has no training images");
            }
        }
        return List.copyOf(trainClasses);
    }

    /** The entry's bytes, refused as soon as they pass max-entry-size: never more than that is held. */
    private byte[] read(ZipFile zip, ZipArchiveEntry entry, Budget budget) {
        long maxEntry = limits.maxEntrySize().toBytes();
        if (entry.getSize() > maxEntry) { // a header's size is not trusted to be small, but believed when large
            throw entryTooLarge(entry.getName(), maxEntry);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 14];
        try (InputStream in = zip.getInputStream(entry)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                budget.addUncompressed(n, entry.getName());
                if (out.size() + (long) n > maxEntry) {
                    throw entryTooLarge(entry.getName(), maxEntry);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new InvalidDatasetUploadException("file", entry.getName(), "cannot be read from the archive ("
                    + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }

    private static DatasetUploadTooLargeException entryTooLarge(String entry, long maxEntry) {
        return new DatasetUploadTooLargeException(entry, "max-entry-size", maxEntry, "one entry inflates to more bytes"
                + " than allowed");
    }

    /** Keras's validation_split: per class, the first fraction of the files (by name) become the test split. */
    private static List<Sample> holdOut(List<Sample> train, double fraction) {
        Map<String, List<Sample>> byClass = new TreeMap<>();
        for (Sample sample : train) {
            byClass.computeIfAbsent(sample.className(), name -> new ArrayList<>()).add(sample);
        }
        List<Sample> heldOut = new ArrayList<>();
        for (List<Sample> samples : byClass.values()) {
            int count = (int) (fraction * samples.size());
            heldOut.addAll(samples.subList(0, count));
        }
        Set<Sample> removed = Collections.newSetFromMap(new IdentityHashMap<>());
        removed.addAll(heldOut);
        train.removeIf(removed::contains);
        return heldOut;
    }

    private static void requireEveryClassInTraining(List<Sample> train, List<String> classNames) {
        Set<String> present = train.stream().map(Sample::className).collect(Collectors.toSet());
        for (String className : classNames) {
            if (!present.contains(className)) {
                throw new InvalidDatasetUploadException("validationSplit", null, "leaves class '" + className
                        + "' without training images");
            }
        }
    }

    private static int channels(ImportOptions.ColorMode mode, List<Sample> train, List<Sample> test) {
        return switch (mode) {
            case GRAYSCALE -> 1;
            case RGB -> 3;
            case AUTO -> train.stream().allMatch(s -> s.image().channels() == 1)
                    && test.stream().allMatch(s -> s.image().channels() == 1) ? 1 : 3;
        };
    }

    private static ImageSet toImageSet(List<Sample> samples, List<String> classNames, ImageShape shape) {
        int imageSize = shape.size();
        byte[] pixels = new byte[samples.size() * imageSize];
        int[] labels = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            byte[] converted = ImageDecoder.toChannels(samples.get(i).image(), shape.channels());
            System.arraycopy(converted, 0, pixels, i * imageSize, imageSize);
            labels[i] = Collections.binarySearch(classNames, samples.get(i).className());
        }
        return new ImageSet(samples.size(), shape.height(), shape.width(), shape.channels(), pixels, labels,
                classNames);
    }

    /** Counts bytes as they are inflated and decoded, refusing the upload at the first exceeded limit. */
    private final class Budget {
        private long uncompressed;
        private long decoded;

        void addUncompressed(long bytes, String entry) {
            uncompressed += bytes;
            if (uncompressed > limits.maxUncompressedSize().toBytes()) {
                throw new DatasetUploadTooLargeException(entry, "max-uncompressed-size",
                        limits.maxUncompressedSize().toBytes(), "the archive inflates to more bytes than allowed");
            }
        }

        void addDecoded(long bytes, String entry) {
            decoded += bytes;
            if (decoded > limits.maxDecodedSize().toBytes()) {
                throw new DatasetUploadTooLargeException(entry, "max-decoded-size",
                        limits.maxDecodedSize().toBytes(), "the images decode to more bytes than allowed");
            }
        }
    }
}
