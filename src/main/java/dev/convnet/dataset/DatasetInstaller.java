package dev.convnet.dataset;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Moves verified files into a dataset's folder by atomic renames, so readers never see a partial file. */
final class DatasetInstaller {

    private DatasetInstaller() {
    }

    /**
     * The whole folder in one rename when the target does not exist yet, else file by file, keeping files that
     * are already there.
     */
    static void install(Path verified, Path target) throws IOException {
        if (!Files.exists(target)) {
            try {
                Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // Another node or thread created the folder meanwhile: fall through and add our files.
            }
        }
        Files.createDirectories(target);
        List<Path> files;
        try (Stream<Path> listed = Files.list(verified)) {
            files = listed.toList();
        }
        for (Path file : files) {
            Path destination = target.resolve(file.getFileName());
            if (!Files.exists(destination)) {
                Files.move(file, destination, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }
}
