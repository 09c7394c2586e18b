package dev.convnet.store;

import dev.convnet.storage.ArtifactStorage;
import dev.convnet.storage.AtomicFiles;
import dev.convnet.storage.StoredObject;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way an object becomes part of the service's state (model weights, trained and imported models,
 * training checkpoints): the object is written to the {@link ArtifactStorage} and is complete and durable there,
 * then the database rows that name it (key and SHA-256) commit in one transaction, and only after that is the
 * object it replaced deleted. A crash at any point leaves the old state or the new one, never a row naming a
 * missing or partial object; what it may leave is an object no row names, which the sweeps delete
 * ({@link StoredFileSweeper}).
 */
@Component
public class ArtifactPublisher {

    private static final Logger log = LoggerFactory.getLogger(ArtifactPublisher.class);

    /** What the rows' transaction returns: its result, and the key that is no longer named (or null). */
    public record Committed<T>(T result, String replaced) {

        public static <T> Committed<T> of(T result) {
            return new Committed<>(result, null);
        }
    }

    /** Writes the rows that name the new object; runs inside the transaction, so throwing undoes them. */
    @FunctionalInterface
    public interface Rows<T> {
        Committed<T> write(StoredObject object);
    }

    private final TransactionTemplate transactions;
    private final ArtifactStorage storage;

    ArtifactPublisher(TransactionTemplate transactions, ArtifactStorage storage) {
        this.transactions = transactions;
        this.storage = storage;
    }

    /** Stores the content as {@code directory/<sha256><suffix>}, then commits the rows that name it. */
    public <T> T publish(String directory, String suffix, AtomicFiles.Writer content, Rows<T> rows) throws IOException {
        StoredObject stored = storage.write(directory, suffix, content);
        Committed<T> committed;
        try {
            committed = transactions.execute(status -> rows.write(stored));
        } catch (TransactionSystemException e) {
            // The commit itself failed: whether the rows are in is unknown, so the object stays for the sweep to judge.
            throw e;
        } catch (RuntimeException | Error e) {
            if (stored.created()) { // an object that was there before may be named by a committed row
                deleteQuietly(stored.key());
            }
            throw e;
        }
        if (committed.replaced() != null && !committed.replaced().equals(stored.key())) {
            deleteQuietly(committed.replaced());
        }
        return committed.result();
    }

    private void deleteQuietly(String key) {
        try {
            storage.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not delete {} (the sweep will): {}", key, e.getMessage());
        }
    }
}
