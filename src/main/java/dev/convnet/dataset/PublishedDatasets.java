package dev.convnet.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Where uploaded datasets are shared between nodes; {@link #NONE} keeps them in one node's folder only. */
interface PublishedDatasets {

    PublishedDatasets NONE = new PublishedDatasets() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public boolean exists(String name) {
            return false;
        }

        @Override
        public void publish(String name, Path folder, Set<String> files) {
        }

        @Override
        public boolean materialise(String name, Path folder, Set<String> files) {
            return false;
        }
    };

    List<String> names();

    boolean exists(String name);

    /** @throws DatasetAlreadyExistsException a dataset of that name was published first, on any node */
    void publish(String name, Path folder, Set<String> files) throws IOException;

    /** Writes the files of a published dataset into the empty {@code folder}; false if none has that name. */
    boolean materialise(String name, Path folder, Set<String> files) throws IOException;
}
