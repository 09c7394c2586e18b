package dev.convnet.dataset;

import dev.convnet.common.BadRequestException;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Registers folders of images as datasets over HTTP, and unregisters them; the files themselves are only read.
 * Everything is checked before the row is written: the name is free, the path is under an allowed root (also
 * through symbolic links), and the folder is laid out as {@code train/<class>/<image>} with images that decode.
 */
@Service
public class FolderDatasetRegistrar {

    private static final String PATH = "/path";
    private static final String LAYOUT = "expected train/<class>/<image> (JPEG or PNG) with optional val/<class>/"
            + " or test/<class>/";

    private final FolderRoots roots;
    private final FolderDatasets folders;
    private final RegisteredFolders registered;
    private final UploadedDatasetStore uploads;
    private final ImageDecoder decoder;
    private final Clock clock;

    FolderDatasetRegistrar(DatasetSettings settings, FolderDatasets folders, RegisteredFolders registered,
                           UploadedDatasetStore uploads, ImageDecoder decoder, Clock clock) {
        this.roots = new FolderRoots(settings.folderRoots());
        this.folders = folders;
        this.registered = registered;
        this.uploads = uploads;
        this.decoder = decoder;
        this.clock = clock;
    }

    /**
     * @throws FolderRegistrationException    disabled (no roots), outside the roots, or not a usable folder
     * @throws DatasetAlreadyExistsException  the name is taken by any dataset
     * @throws BadRequestException            a field that is wrong on its own
     */
    public DatasetInfo register(FolderRegistrationRequest request) {
        if (roots.isEmpty()) {
            throw new FolderRegistrationException(FolderRegistrationException.Kind.DISABLED, null,
                    "Registering folders is disabled: no folder may be registered until convnet.datasets.folder-roots"
                            + " lists the folders under which datasets may be registered");
        }
        int channels = request.channelsOrDefault();
        if (channels != 1 && channels != 3) {
            throw new BadRequestException("/channels", "channels " + FolderRegistrationRequest.CHANNELS
                    .replace("${validatedValue}", Integer.toString(channels)));
        }
        String name = request.name();
        if (isTaken(name)) {
            throw new DatasetAlreadyExistsException(name, "/name");
        }
        Path real = resolve(request.path());
        FolderLayout layout = validate(name, real);
        RegisteredFolder folder = new RegisteredFolder(name, real, request.height(), request.width(), channels,
                clock.instant());
        registered.add(folder);
        return folders.describe(new FolderDatasets.Streamed(name, folder.shape(), layout));
    }

    /**
     * Forgets a registered folder; its files are left as they are.
     *
     * @throws DatasetNotFoundException    no dataset has this name
     * @throws FolderRegistrationException the dataset exists but was not registered over HTTP
     */
    public void unregister(String name) {
        if (registered.remove(name)) {
            return;
        }
        if (isTaken(name)) {
            throw new FolderRegistrationException(FolderRegistrationException.Kind.NOT_REGISTERED, "name",
                    "dataset '" + name + "' is not a folder registered over HTTP; built-in, configured and uploaded"
                            + " datasets cannot be removed here");
        }
        throw new DatasetNotFoundException(name);
    }

    private boolean isTaken(String name) {
        return BuiltInDatasets.find(name).isPresent() || folders.isConfigured(name)
                || registered.find(name).isPresent() || uploads.exists(name);
    }

    /** The folder's real path: nothing outside the roots is looked at, not even whether it exists. */
    private Path resolve(String text) {
        Path requested;
        try {
            requested = Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadRequestException(PATH, "path is not a valid path: " + e.getReason());
        }
        if (!requested.isAbsolute()) {
            throw new BadRequestException(PATH, "path must be absolute, got '" + text + "'");
        }
        Path normalized = requested.normalize();
        if (!roots.containsLexically(normalized)) {
            throw notAllowed(text);
        }
        Path real;
        try {
            real = normalized.toRealPath();
        } catch (NoSuchFileException e) {
            throw invalid("path '" + text + "' does not exist");
        } catch (IOException e) {
            throw invalid("path '" + text + "' cannot be read: " + FileErrors.describe(e));
        }
        if (!roots.containsReal(real)) {
            throw notAllowed(text);
        }
        return real;
    }

    private FolderLayout validate(String name, Path root) {
        if (!Files.isDirectory(root)) {
            throw invalid("path '" + root + "' is not a directory");
        }
        if (!Files.isDirectory(root.resolve(FolderLayout.TRAIN))) {
            throw invalid("path '" + root + "' has no train/ folder; " + LAYOUT);
        }
        FolderLayout layout;
        try {
            layout = FolderLayout.scan(name, root, 0);
        } catch (DatasetUnavailableException e) {
            throw invalid("path '" + root + "' has no class folders in train/; " + LAYOUT);
        } catch (UncheckedIOException e) {
            throw invalid("path '" + root + "' cannot be listed: " + FileErrors.describe(e.getCause()));
        }
        List<String> classes = layout.classNames();
        if (classes.size() < 2) {
            throw invalid("path '" + root + "' needs at least two class folders in train/, found " + classes);
        }
        for (int label = 0; label < classes.size(); label++) {
            int wanted = label;
            FolderLayout.Entry first = layout.train().stream().filter(entry -> entry.label() == wanted).findFirst()
                    .orElseThrow(() -> invalid("class folder train/" + classes.get(wanted) + " has no JPEG or PNG images"));
            checkDecodes(root, first.file());
        }
        return layout;
    }

    /** One image per class: enough to catch a folder of the wrong files without reading a large dataset whole. */
    private void checkDecodes(Path root, Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            decoder.decode(in);
        } catch (IOException | InvalidImageException e) {
            throw invalid("image " + root.relativize(file) + " is not readable: " + e.getMessage());
        }
    }

    private FolderRegistrationException notAllowed(String text) {
        return new FolderRegistrationException(FolderRegistrationException.Kind.NOT_ALLOWED, PATH, "path '" + text
                + "' is not under one of the folders convnet.datasets.folder-roots allows");
    }

    private static FolderRegistrationException invalid(String message) {
        return new FolderRegistrationException(FolderRegistrationException.Kind.INVALID, PATH, message);
    }
}
