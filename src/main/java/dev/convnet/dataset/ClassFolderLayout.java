package dev.convnet.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;

/**
 * Keras's {@code flow_from_directory} layout: {@code <class>/<image>}, or {@code train/<class>/<image>} with
 * optional {@code test/<class>/<image>}, optionally all inside one root folder. Class names are the folder
 * names, sorted (as Keras orders them).
 *
 * @param images     every image file with its split and class, ordered by split, class and file name so the
 *                   stored dataset does not depend on the zip's order
 * @param classNames the training classes, sorted
 */
record ClassFolderLayout(List<Image> images, List<String> classNames) {

    private static final String TRAIN = "train";
    private static final String TEST = "test";

    /** An image file: which split it belongs to, its class folder and its file name. */
    record Image(ZipArchiveEntry entry, boolean test, String className, String fileName) {
    }

    ClassFolderLayout {
        images = List.copyOf(images);
        classNames = List.copyOf(classNames);
    }

    /** Whether the archive has a {@code test/} folder. */
    boolean hasTestFolder() {
        return images.stream().anyMatch(Image::test);
    }

    /** Assigns each file to a split and class, refusing files outside the expected folder depth. */
    static ClassFolderLayout of(List<ZipArchiveEntry> files) {
        if (files.isEmpty()) {
            throw new InvalidDatasetUploadException("file", null, "contains no images");
        }
        List<String[]> paths = files.stream().map(entry -> entry.getName().split("/")).toList();
        String root = paths.get(0)[0];
        boolean singleRoot = !isSplitFolder(root)
                && paths.stream().allMatch(path -> path.length >= 3 && path[0].equals(root));
        int skip = singleRoot ? 1 : 0;
        boolean split = paths.stream().anyMatch(path -> isSplitFolder(path[skip]));
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            String[] path = paths.get(i);
            int depth = path.length - skip;
            boolean valid = split ? depth == 3 && isSplitFolder(path[skip]) : depth == 2;
            if (!valid) {
                throw new InvalidDatasetUploadException("file", files.get(i).getName(), "is not in a class folder;"
                        + " expected <class>/<image> or train/<class>/<image> and test/<class>/<image>");
            }
            boolean test = split && path[skip].equals(TEST);
            images.add(new Image(files.get(i), test, path[path.length - 2], path[path.length - 1]));
        }
        if (split && images.stream().allMatch(Image::test)) {
            throw new InvalidDatasetUploadException("file", null, "has a test/ folder but no train/ folder");
        }
        images.sort(Comparator.comparing(Image::test).thenComparing(Image::className)
                .thenComparing(Image::fileName));
        return new ClassFolderLayout(images, classNames(images));
    }

    private static boolean isSplitFolder(String segment) {
        return segment.equals(TRAIN) || segment.equals(TEST);
    }

    private static List<String> classNames(List<Image> images) {
        Set<String> trainClasses = images.stream().filter(image -> !image.test()).map(Image::className)
                .collect(Collectors.toCollection(TreeSet::new));
        if (trainClasses.size() < 2) {
            throw new InvalidDatasetUploadException("file", null, "needs at least two class folders, found "
                    + trainClasses);
        }
        for (Image image : images) {
            if (image.test() && !trainClasses.contains(image.className())) {
                throw new InvalidDatasetUploadException("file", image.entry().getName(), "is in test class '"
                        + image.className() + "', which has no training images");
            }
        }
        return List.copyOf(trainClasses);
    }
}
