package dev.convnet.store;

import dev.convnet.storage.ArtifactStorage;
import dev.convnet.storage.ListedObject;
import dev.convnet.storage.StoredObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Object first, then the rows; a failed transaction takes back only an object it created. */
class ArtifactPublisherTest {

    @TempDir
    Path dir;

    private ArtifactStorage storage;
    private ArtifactPublisher publisher;
    private JdbcClient jdbc;

    @BeforeEach
    void setUp() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:publisher-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE named (object_key VARCHAR(300) PRIMARY KEY)").update();
        storage = ArtifactStorage.inDirectory(dir);
        publisher = new ArtifactPublisher(new TransactionTemplate(new DataSourceTransactionManager(dataSource)), storage);
    }

    private ArtifactPublisher.Committed<StoredObject> name(StoredObject object, String replaced) {
        jdbc.sql("INSERT INTO named (object_key) VALUES (:key)").param("key", object.key()).update();
        if (replaced != null) {
            jdbc.sql("DELETE FROM named WHERE object_key = :key").param("key", replaced).update();
        }
        return new ArtifactPublisher.Committed<>(object, replaced);
    }

    @Test
    void theRowNamesAnObjectThatIsThereAndTheReplacedObjectIsDeletedAfterTheCommit() throws IOException {
        StoredObject first = publisher.publish("models/m", ".zip", out -> out.write(1), object -> name(object, null));
        StoredObject second = publisher.publish("models/m", ".zip", out -> out.write(2), object -> name(object, first.key()));

        assertThat(storage.list("models")).extracting(ListedObject::key).containsExactly(second.key());
        assertThat(jdbc.sql("SELECT object_key FROM named").query(String.class).list()).containsExactly(second.key());
    }

    @Test
    void aFailedTransactionDeletesTheObjectItCreated() {
        assertThatThrownBy(() -> publisher.publish("models/m", ".zip", out -> out.write(3), object -> {
            name(object, null);
            throw new IllegalStateException("the row cannot be written");
        })).hasMessage("the row cannot be written");

        assertThat(jdbc.sql("SELECT COUNT(*) FROM named").query(Integer.class).single()).isZero();
        assertThat(dir.resolve("models/m")).isEmptyDirectory();
    }

    @Test
    void aFailedTransactionKeepsAnEqualObjectThatACommittedRowNames() throws IOException {
        StoredObject named = publisher.publish("models/m", ".zip", out -> out.write(4), object -> name(object, null));

        assertThatThrownBy(() -> publisher.publish("models/m", ".zip", out -> out.write(4), object -> {
            throw new IllegalStateException("the model was deleted meanwhile");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(storage.read(named.key(), named.sha256())).hasBinaryContent(new byte[]{4});
    }
}
