package dev.convnet.training;

import dev.convnet.common.ConvnetProperties;
import dev.convnet.definition.Architecture;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.store.ArtifactPublisher;
import dev.convnet.store.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Training checkpoints of this node, under {@code <data-dir>/checkpoints/<job>/}. Published as every stored file
 * is ({@link ArtifactPublisher}): the job row names a checkpoint only once it is complete and durable, and the
 * one it replaced is deleted after that.
 */
@Component
class CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final TrainingJobRepository jobs;
    private final ArtifactPublisher publisher;
    private final NetworkCompiler compiler;
    private final Clock clock;
    private final Path checkpointsDir;

    CheckpointStore(TrainingJobRepository jobs, ArtifactPublisher publisher, NetworkCompiler compiler, Clock clock,
                    ConvnetProperties properties) {
        this.jobs = jobs;
        this.publisher = publisher;
        this.compiler = compiler;
        this.clock = clock;
        this.checkpointsDir = properties.dataDir().resolve("checkpoints");
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
        Path target = jobDir(jobId).resolve("epoch-" + ClientEpochs.number(epoch) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".zip");
        try {
            publisher.publish(target, network::writeCheckpointTo, written -> {
                String previous = jobs.find(jobId).map(TrainingJob::checkpointFile).orElse(null);
                if (!jobs.checkpoint(jobId, target.getFileName().toString(), epoch, clock.instant())) {
                    throw new JobNoLongerRunningException(jobId);
                }
                return new ArtifactPublisher.Committed<Void>(null, previous == null ? null : jobDir(jobId).resolve(previous));
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
        Path file = jobDir(job.id()).resolve(job.checkpointFile());
        try {
            return compiler.restore(architecture, new ByteArrayInputStream(Files.readAllBytes(file)), true);
        } catch (IOException | RuntimeException e) { // DL4J reports a damaged file with runtime exceptions
            log.warn("Checkpoint {} of job {} is unreadable ({}); training starts over", file, job.id(), e.getMessage());
            return null;
        }
    }

    void delete(UUID jobId) {
        dev.convnet.common.FilesQuietly.deleteTree(jobDir(jobId));
    }

    /** Before the job engine starts: deletes the checkpoint files that no job row names, and unfinished writes. */
    void sweep() {
        Set<Path> named = jobs.namedCheckpoints().stream().map(c -> jobDir(c.jobId()).resolve(c.fileName()))
                .collect(Collectors.toSet());
        try {
            List<Path> deleted = AtomicFiles.deleteUnnamed(checkpointsDir, named);
            if (!deleted.isEmpty()) {
                log.info("Deleted {} checkpoint file(s) that no job names: {}", deleted.size(), deleted);
            }
        } catch (IOException e) {
            log.warn("Could not sweep the checkpoints directory {}: {}", checkpointsDir, e.getMessage());
        }
    }

    private Path jobDir(UUID jobId) {
        return checkpointsDir.resolve(jobId.toString());
    }
}
