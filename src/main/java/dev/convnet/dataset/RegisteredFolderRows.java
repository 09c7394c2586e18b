package dev.convnet.dataset;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Registered folder datasets as rows of {@code folder_datasets}, which every node reads. */
@Component
class RegisteredFolderRows implements RegisteredFolders {

    /** Names registration refuses are never rows; asking the database for them could fail (NUL in PostgreSQL). */
    private static final java.util.regex.Pattern REGISTRABLE = java.util.regex.Pattern.compile(FolderRegistrationRequest.NAME);

    private final JdbcClient jdbc;

    RegisteredFolderRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> names() {
        return jdbc.sql("SELECT name FROM folder_datasets ORDER BY name").query(String.class).list();
    }

    @Override
    public Optional<RegisteredFolder> find(String name) {
        if (name == null || !REGISTRABLE.matcher(name).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT name, path, height, width, channels, created_at FROM folder_datasets WHERE name = ?")
                .param(name)
                .query((rs, i) -> new RegisteredFolder(rs.getString(1), Path.of(rs.getString(2)), rs.getInt(3),
                        rs.getInt(4), rs.getInt(5), rs.getTimestamp(6).toInstant()))
                .optional();
    }

    @Override
    public void add(RegisteredFolder folder) {
        try {
            jdbc.sql("INSERT INTO folder_datasets (name, path, height, width, channels, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")
                    .params(folder.name(), folder.path().toString(), folder.height(), folder.width(), folder.channels(),
                            Timestamp.from(folder.createdAt()))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DatasetAlreadyExistsException(folder.name(), "/name");
        }
    }

    @Override
    public boolean remove(String name) {
        if (name == null || !REGISTRABLE.matcher(name).matches()) {
            return false;
        }
        return jdbc.sql("DELETE FROM folder_datasets WHERE name = ?").param(name).update() > 0;
    }
}
