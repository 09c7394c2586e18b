package dev.convnet.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The files of an ImageNet-layout folder, listed once and never read here: {@code root/train/<class>/*.jpg} with
 * {@code root/val/<class>/*} as the test split, or one level of class folders {@code root/<class>/*} whose last
 * {@code testFraction} of each class (by file name) is the test split. Classes are the folder names, sorted, as
 * Keras's {@code flow_from_directory} orders them. JPEG and PNG files count; everything else is skipped.
 */
public record FolderLayout(List<String> classNames, List<Entry> train, List<Entry> test) {

    static final String TRAIN = "train";

    /** One image file and its class index. */
    public record Entry(Path file, int label) {
    }

    public FolderLayout {
        classNames = List.copyOf(classNames);
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    public static FolderLayout scan(String dataset, Path root, double testFraction) {
        if (!Files.isDirectory(root)) {
            throw new DatasetUnavailableException(dataset, DatasetUnavailableException.Reason.ABSENT,
                    "the folder dataset's directory " + root + " does not exist", null);
        }
        Path trainDir = root.resolve(TRAIN);
        if (Files.isDirectory(trainDir)) {
            List<String> classes = classFolders(dataset, trainDir);
            Path valDir = Files.isDirectory(root.resolve("val")) ? root.resolve("val") : root.resolve("test");
            List<Entry> test = new ArrayList<>();
            if (Files.isDirectory(valDir)) {
                for (int label = 0; label < classes.size(); label++) {
                    for (Path file : images(valDir.resolve(classes.get(label)))) {
                        test.add(new Entry(file, label));
                    }
                }
            }
            return new FolderLayout(classes, entries(trainDir, classes), test);
        }
        List<String> classes = classFolders(dataset, root);
        List<Entry> train = new ArrayList<>();
        List<Entry> test = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            List<Path> files = images(root.resolve(classes.get(label)));
            int held = (int) Math.round(files.size() * testFraction);
            for (int i = 0; i < files.size(); i++) {
                (i < files.size() - held ? train : test).add(new Entry(files.get(i), label));
            }
        }
        return new FolderLayout(classes, train, test);
    }

    private static List<Entry> entries(Path dir, List<String> classes) {
        List<Entry> result = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            for (Path file : images(dir.resolve(classes.get(label)))) {
                result.add(new Entry(file, label));
            }
        }
        return result;
    }

    private static List<String> classFolders(String dataset, Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            List<String> names = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
            if (names.isEmpty()) {
                throw new DatasetUnavailableException(dataset, DatasetUnavailableException.Reason.ABSENT,
                        "the folder dataset's directory " + dir + " has no class folders", null);
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> images(Path classDir) {
        if (!Files.isDirectory(classDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(classDir)) {
            return files.filter(Files::isRegularFile).filter(FolderLayout::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png");
    }
}
