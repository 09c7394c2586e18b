package dev.convnet.training;

import dev.convnet.definition.Architecture;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.store.ArtifactPublisher;
import dev.convnet.storage.ArtifactStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Training checkpoints, under {@code checkpoints/<job>/} in the {@link ArtifactStorage}, so that with a shared
 * bucket a job another node recovers resumes from them. Published as every stored file is
 * ({@link ArtifactPublisher}): the job row names a checkpoint and its SHA-256 only once it is complete and
 * durable, and the one it replaced is deleted after that.
 */
@Component
class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);
    private static final String CHECKPOINTS = "checkpoints";

    private final TrainingJobRepository jobs;
    private final ArtifactPublisher publisher;
    private final NetworkCompiler compiler;
    private final Clock clock;
    private final ArtifactStorage storage;

    CheckpointStore(TrainingJobRepository jobs, ArtifactPublisher publisher, NetworkCompiler compiler, Clock clock,
                    ArtifactStorage storage) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.compiler = compiler;
        this.clock = clock;
        this.storage = storage;
    }

    /**
     * Stores the network after every {@code checkpointEveryEpochs}-th epoch of the plan, but not after the last
     * one: a finished run is published, not resumed.
     */
    void writeIfDue(UUID jobId, TrainingPlan plan, int epoch, CompiledNetwork network) {
        boolean last = epoch + 1 >= plan.settings().epochs();
        if (!last && plan.checkpointEveryEpochs() > 0 && (epoch + 1) % plan.checkpointEveryEpochs() == 0) {
            write(jobId, epoch, network);
        }
    }

    /** Stores the network as of the end of {@code epoch}; a failure is logged and training goes on without it. */
    private void write(UUID jobId, int epoch, CompiledNetwork network) {
        try {
            publisher.publish(directory(jobId), ".zip", network::writeCheckpointTo, written -> {
                String previous = jobs.find(jobId).map(TrainingJob::checkpointFile).orElse(null);
                if (!jobs.checkpoint(jobId, written.fileName(), written.sha256(), epoch, clock.instant())) {
                    throw new JobNoLongerRunningException(jobId);
                }
                return new ArtifactPublisher.Committed<Void>(null, previous == null ? null : key(jobId, previous));
            });
        } catch (IOException | JobNoLongerRunningException e) {
            log.warn("Could not write the checkpoint of job {} after epoch {}: {}", jobId, ClientEpochs.number(epoch), e.getMessage());
        }
    }

    /** The job's checkpoint with its optimizer state, or null when it has none or it cannot be read. */
    CompiledNetwork load(TrainingJob job, Architecture architecture) {
        if (job.checkpointFile() == null) {
            return null;
        }
        String key = key(job.id(), job.checkpointFile());
        try {
            byte[] content = Files.readAllBytes(storage.read(key, job.checkpointSha256()));
            return compiler.restore(architecture, new ByteArrayInputStream(content), true);
        } catch (IOException | RuntimeException e) { // DL4J reports a damaged file with runtime exceptions
            log.warn("Checkpoint {} of job {} is unreadable ({}); training starts over", key, job.id(), e.getMessage());
            return null;
        }
    }

    void delete(UUID jobId) {
        try {
            storage.deleteAll(directory(jobId));
        } catch (IOException e) {
            log.warn("Could not delete the checkpoints of job {} (the sweep at the next start will): {}", jobId, e.getMessage());
        }
    }

    /** Before the job engine starts: deletes the checkpoint files that no job row names, and unfinished writes. */
    void sweep() {
        Set<String> named = jobs.namedCheckpoints().stream().map(c -> key(c.jobId(), c.fileName()))
                .collect(Collectors.toSet());
        try {
            List<String> deleted = storage.deleteUnnamed(CHECKPOINTS, named);
            if (!deleted.isEmpty()) {
                log.info("Deleted {} checkpoint file(s) that no job names: {}", deleted.size(), deleted);
            }
        } catch (IOException e) {
            log.warn("Could not sweep the checkpoints in {}: {}", storage.location(), e.getMessage());
        }
    }

    private static String directory(UUID jobId) {
        return CHECKPOINTS + "/" + jobId;
    }

    private static String key(UUID jobId, String fileName) {
        return directory(jobId) + "/" + fileName;
    }
}
