package dev.convnet.dataset;

import java.util.List;
import java.util.Optional;

/** Where registered folder datasets are recorded; {@link #NONE} has none and accepts none. */
interface RegisteredFolders {

    RegisteredFolders NONE = new RegisteredFolders() {
        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public Optional<RegisteredFolder> find(String name) {
            return Optional.empty();
        }

        @Override
        public void add(RegisteredFolder folder) {
            throw new UnsupportedOperationException("folder datasets cannot be registered without a database");
        }

        @Override
        public boolean remove(String name) {
            return false;
        }
    };

    List<String> names();

    Optional<RegisteredFolder> find(String name);

    /** @throws DatasetAlreadyExistsException a folder of that name was registered first, on any node */
    void add(RegisteredFolder folder);

    /** @return false when no folder of that name was registered */
    boolean remove(String name);
}
