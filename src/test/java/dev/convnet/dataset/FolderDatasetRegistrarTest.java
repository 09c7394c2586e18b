package dev.convnet.dataset;

import dev.convnet.image.ImageDecoder;
import dev.convnet.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The checks made before a folder is registered, on a real filesystem: roots, links, layout, images, names. */
class FolderDatasetRegistrarTest {

    /** The table, in memory. */
    static final class Rows implements RegisteredFolders {
        final Map<String, RegisteredFolder> rows = new TreeMap<>();

        @Override
        public List<String> names() {
            return List.copyOf(rows.keySet());
        }

        @Override
        public Optional<RegisteredFolder> find(String name) {
            return Optional.ofNullable(rows.get(name));
        }

        @Override
        public void add(RegisteredFolder folder) {
            if (rows.putIfAbsent(folder.name(), folder) != null) {
                throw new DatasetAlreadyExistsException(folder.name(), "/name");
            }
        }

        @Override
        public boolean remove(String name) {
            return rows.remove(name) != null;
        }
    }

    @TempDir
    Path dir;
    Path root;
    Path outside;
    final Rows rows = new Rows();

    @BeforeEach
    void folders() throws IOException {
        root = Files.createDirectories(dir.resolve("allowed"));
        outside = Files.createDirectories(dir.resolve("allowed-not"));
    }

    private FolderDatasetRegistrar registrar(List<Path> roots) {
        DatasetSettings settings = new DatasetSettings(dir.resolve("builtin"), dir.resolve("uploads"), false, Map.of(),
                DataSize.ofMegabytes(1), DatasetSettings.Upload.defaults(), roots);
        FolderDatasets folders = new FolderDatasets(new FolderDatasetSettings(
                Map.of("configured", new FolderDatasetSettings.Folder(root, 8, 8, 1, 0.2)), 1), settings, rows);
        return new FolderDatasetRegistrar(settings, folders, rows, new UploadedDatasetStore(settings),
                new ImageDecoder(ImageLimits.defaults()), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    private FolderDatasetRegistrar registrar() {
        return registrar(List.of(root));
    }

    static void image(Path file, String format) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xffffff);
        assertThat(ImageIO.write(image, format, file.toFile())).isTrue();
    }

    /** {@code train/cat}, {@code train/dog} with two images each, and {@code val/} with one each. */
    static Path dataset(Path folder) throws IOException {
        for (String label : new String[] {"cat", "dog"}) {
            image(folder.resolve("train").resolve(label).resolve("a.png"), "png");
            image(folder.resolve("train").resolve(label).resolve("b.jpg"), "jpg");
            image(folder.resolve("val").resolve(label).resolve("c.png"), "png");
        }
        return folder;
    }

    private static FolderRegistrationRequest request(String name, Object path) {
        return new FolderRegistrationRequest(name, path.toString(), 16, 16, 1);
    }

    private static void refused(Runnable call, FolderRegistrationException.Kind kind, String detail) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(FolderRegistrationException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(detail);
        });
    }

    @Test
    void aFolderUnderARootIsRegisteredByItsRealPathAndDescribed() throws IOException {
        Path folder = dataset(root.resolve("pets"));
        DatasetInfo info = registrar().register(request("pets", root.resolve("pets/../pets")));
        assertThat(info.source()).isEqualTo(DatasetSource.FOLDER);
        assertThat(info.trainSize()).isEqualTo(4);
        assertThat(info.testSize()).isEqualTo(2);
        assertThat(info.shape()).isEqualTo(new ImageShape(16, 16, 1));
        assertThat(rows.rows.get("pets").path()).isEqualTo(folder.toRealPath());
    }

    @Test
    void withoutRootsRegistrationIsDisabled() throws IOException {
        dataset(root.resolve("pets"));
        refused(() -> registrar(List.of()).register(request("pets", root.resolve("pets"))),
                FolderRegistrationException.Kind.DISABLED, "convnet.datasets.folder-roots");
        assertThat(rows.rows).isEmpty();
    }

    @Test
    void pathsOutsideTheRootsAreRefusedHoweverTheyAreSpelt() throws IOException {
        dataset(outside.resolve("pets"));
        FolderRegistrationException.Kind notAllowed = FolderRegistrationException.Kind.NOT_ALLOWED;
        // a sibling whose name starts with the root's name
        refused(() -> registrar().register(request("a", outside.resolve("pets"))), notAllowed, "folder-roots");
        refused(() -> registrar().register(request("b", root.resolve("../allowed-not/pets"))), notAllowed, "folder-roots");
        // a link inside the root that leads out of it
        Path link = Files.createSymbolicLink(root.resolve("link"), outside.resolve("pets"));
        refused(() -> registrar().register(request("c", link)), notAllowed, "folder-roots");
        refused(() -> registrar().register(request("d", "/")), notAllowed, "folder-roots");
        assertThat(rows.rows).isEmpty();
    }

    @Test
    void aRelativePathIsABadRequest() {
        assertThatThrownBy(() -> registrar().register(request("pets", "allowed/pets")))
                .isInstanceOfSatisfying(dev.convnet.common.BadRequestException.class,
                        e -> assertThat(e.field()).isEqualTo("/path"));
    }

    @Test
    void foldersNotLaidOutAsADatasetAreRefusedAndNothingIsRegistered() throws IOException {
        FolderRegistrationException.Kind invalid = FolderRegistrationException.Kind.INVALID;
        refused(() -> registrar().register(request("a", root.resolve("missing"))), invalid, "does not exist");

        image(root.resolve("flat/cat/a.png"), "png");
        image(root.resolve("flat/dog/a.png"), "png");
        refused(() -> registrar().register(request("b", root.resolve("flat"))), invalid, "has no train/ folder");

        image(root.resolve("one/train/cat/a.png"), "png");
        refused(() -> registrar().register(request("c", root.resolve("one"))), invalid, "at least two class folders");

        image(root.resolve("empty/train/cat/a.png"), "png");
        Files.createDirectories(root.resolve("empty/train/dog"));
        refused(() -> registrar().register(request("d", root.resolve("empty"))), invalid, "train/dog has no JPEG");

        image(root.resolve("broken/train/cat/a.png"), "png");
        Files.createDirectories(root.resolve("broken/train/dog"));
        Files.writeString(root.resolve("broken/train/dog/a.jpg"), "not a jpeg");
        refused(() -> registrar().register(request("e", root.resolve("broken"))), invalid,
                "image " + Path.of("train", "dog", "a.jpg") + " is not readable");
        assertThat(rows.rows).isEmpty();
    }

    @Test
    void takenNamesAndBadChannelsAreRefused() throws IOException {
        dataset(root.resolve("pets"));
        for (String taken : new String[] {"mnist", "configured"}) {
            assertThatThrownBy(() -> registrar().register(request(taken, root.resolve("pets"))))
                    .isInstanceOf(DatasetAlreadyExistsException.class);
        }
        registrar().register(request("pets", root.resolve("pets")));
        assertThatThrownBy(() -> registrar().register(request("pets", root.resolve("pets"))))
                .isInstanceOfSatisfying(DatasetAlreadyExistsException.class, e -> assertThat(e.field()).isEqualTo("/name"));
        assertThatThrownBy(() -> registrar().register(new FolderRegistrationRequest("grey", root.resolve("pets").toString(),
                8, 8, 2))).isInstanceOfSatisfying(dev.convnet.common.BadRequestException.class,
                e -> assertThat(e.field()).isEqualTo("/channels"));
    }

    @Test
    void anUploadCannotTakeARegisteredFoldersName() throws IOException {
        registrar().register(request("pets", dataset(root.resolve("pets"))));
        DatasetSettings settings = new DatasetSettings(dir, dir.resolve("uploads"), false, Map.of(),
                DataSize.ofMegabytes(1), DatasetSettings.Upload.defaults(), List.of(root));
        ZipDatasetImporter importer = new ZipDatasetImporter(settings, new UploadedDatasetStore(settings),
                new FolderDatasets(new FolderDatasetSettings(null, 1), settings, rows));
        assertThatThrownBy(() -> importer.importZip(java.io.InputStream.nullInputStream(), "pets.zip",
                new ImportOptions("pets", null, null, ImportOptions.ColorMode.AUTO)))
                .isInstanceOf(DatasetAlreadyExistsException.class);
        assertThat(dir.resolve("uploads/pets")).doesNotExist();
    }

    @Test
    void unregisteringForgetsTheRowAndLeavesTheFiles() throws IOException {
        Path folder = dataset(root.resolve("pets"));
        FolderDatasetRegistrar registrar = registrar();
        registrar.register(request("pets", folder));
        registrar.unregister("pets");
        assertThat(rows.rows).isEmpty();
        assertThat(folder.resolve("train/cat/a.png")).isRegularFile();
        assertThatThrownBy(() -> registrar.unregister("pets")).isInstanceOf(DatasetNotFoundException.class);
        refused(() -> registrar.unregister("mnist"), FolderRegistrationException.Kind.NOT_REGISTERED, "not a folder");
        refused(() -> registrar.unregister("configured"), FolderRegistrationException.Kind.NOT_REGISTERED, "not a folder");
    }

    @Test
    void aRegisteredFolderThatNowLeadsOutOfTheRootsIsUnavailable() throws IOException {
        Path folder = dataset(root.resolve("pets"));
        registrar().register(request("pets", folder));
        DatasetSettings settings = new DatasetSettings(dir, dir, false, Map.of(), DataSize.ofMegabytes(1),
                DatasetSettings.Upload.defaults(), List.of(root));
        FolderDatasets folders = new FolderDatasets(new FolderDatasetSettings(null, 1), settings, rows);
        assertThat(folders.find("pets")).get().extracting(s -> s.layout().train().size()).isEqualTo(4);

        // the folder replaced by a link to a tree outside the roots
        Path moved = Files.move(folder, root.resolve("moved"));
        dataset(outside.resolve("pets"));
        Files.createSymbolicLink(folder, outside.resolve("pets"));
        assertThatThrownBy(() -> folders.find("pets")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("folder-roots");
        assertThat(moved).isDirectory();
    }
}
