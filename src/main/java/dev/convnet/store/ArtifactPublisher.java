package dev.convnet.store;

import dev.convnet.common.FilesQuietly;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one way a file becomes part of the service's state (model weights, trained and imported models,
 * training checkpoints): the new file is written and made durable (file and directory forced to disk),
 * then the database rows that name it commit in one transaction, and only after that is the file it
 * replaced deleted. A crash at any point leaves the old state or the new one, never a row naming a missing
 * or partial file; what it may leave is a file no row names, which {@link StoredFileSweeper} deletes at the
 * next start.
 */
@Component
public class ArtifactPublisher {

    /** What the rows' transaction returns: its result, and the file that is no longer named (or null). */
    public record Committed<T>(T result, Path replaced) {

        public static <T> Committed<T> of(T result) {
            return new Committed<>(result, null);
        }
    }

    /** Writes the rows that name the new file; runs inside the transaction, so throwing undoes them. */
    @FunctionalInterface
    public interface Rows<T> {
        Committed<T> write(AtomicFiles.Written file);
    }

    private final TransactionTemplate transactions;

    ArtifactPublisher(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    /**
     * @param target a name no row uses yet (callers put a random UUID in it), so that undoing a failed
     *               publication can delete it without touching anyone else's file
     */
    public <T> T publish(Path target, AtomicFiles.Writer content, Rows<T> rows) throws IOException {
        AtomicFiles.Written written = AtomicFiles.write(target, content);
        Committed<T> committed;
        try {
            committed = transactions.execute(status -> rows.write(written));
        } catch (TransactionSystemException e) {
            // The commit itself failed: whether the rows are in is unknown, so the file stays for the sweep to judge.
            throw e;
        } catch (RuntimeException | Error e) {
            FilesQuietly.delete(target);
            throw e;
        }
        if (committed.replaced() != null && !committed.replaced().equals(target)) {
            FilesQuietly.delete(committed.replaced());
        }
        return committed.result();
    }
}
