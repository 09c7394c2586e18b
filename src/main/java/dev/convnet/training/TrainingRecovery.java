package dev.convnet.training;

import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Jobs whose node died or restarted mid-training: resumed from their last checkpoint (back in the queue) or
 * failed with the reason. Nothing stays RUNNING without a live node behind it, and nothing stays QUEUED
 * without an execution of the job engine that will run it. A run that this node's shutdown interrupts is
 * resumed the same way.
 */
@Component
class TrainingRecovery {

    private static final Logger log = LoggerFactory.getLogger(TrainingRecovery.class);

    /** How the error of a job lost with its node ends, when there was no checkpoint ({@link TrainingJobView#lostWithItsNode()}). */
    static final String NO_CHECKPOINT = "; no checkpoint to resume from";

    private final TrainingJobRepository jobs;
    private final JobQueue queue;
    private final TransactionTemplate transactions;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private final Clock clock;
    private final String node;

    TrainingRecovery(TrainingJobRepository jobs, JobQueue queue, TransactionTemplate transactions,
                     org.springframework.jdbc.core.simple.JdbcClient jdbc, Clock clock, TrainingProperties properties) {
        this.jobs = jobs;
        this.queue = queue;
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.clock = clock;
        this.node = properties.effectiveNodeName();
    }

    /**
     * At start-up, before the job engine starts: this node restarted, so whatever it was running was
     * interrupted, and the engine executions it had picked are dead. A queued job can be left without an
     * execution too (one this node had picked but not started); each gets a new one.
     */
    void recoverJobsOfThisNode() {
        int stale = jdbc.sql("DELETE FROM scheduled_tasks WHERE task_name = :task AND picked = TRUE AND picked_by = :node")
                .param("task", JobEngineConfiguration.TRAINING_TASK).param("node", node).update();
        if (stale > 0) {
            log.info("Removed {} job-engine executions this node held before it restarted", stale);
        }
        for (TrainingJob job : jobs.findRunningOn(node)) {
            recover(job, "node " + node + " restarted during training");
        }
        for (TrainingJob job : jobs.findQueuedWithoutExecution(JobEngineConfiguration.TRAINING_TASK)) {
            queue.enqueue(job.id(), clock.instant());
            log.warn("Training job {} was queued without a job-engine execution; queued it again", job.id());
        }
    }

    /** The job engine found an execution whose node stopped heart-beating. */
    void recoverDeadExecution(UUID jobId, String deadNode) {
        jobs.find(jobId).ifPresent(job -> {
            if (job.state() == TrainingJobState.RUNNING && java.util.Objects.equals(job.node(), deadNode)) {
                recover(job, "node " + job.node() + " stopped responding during training");
            } else if (job.state() == TrainingJobState.QUEUED) {
                queue.enqueue(job.id(), clock.instant()); // picked by the dead node, never started
            }
        });
    }

    /**
     * This node is going down during the job's run: it resumes later from its last checkpoint, on this or another
     * node, or fails saying why. Returns the state it is left in.
     */
    TrainingJobState interruptedByShutdown(UUID jobId) {
        TrainingJob current = jobs.find(jobId).orElseThrow();
        if (current.checkpointFile() != null) {
            transactions.executeWithoutResult(status -> {
                if (jobs.requeue(jobId, "interrupted by the shutdown of node " + node + "; resumes from the checkpoint of epoch "
                        + ClientEpochs.number(current.checkpointEpoch()), clock.instant())) {
                    queue.enqueue(jobId, clock.instant());
                }
            });
            return TrainingJobState.QUEUED;
        }
        jobs.finish(jobId, TrainingJobState.FAILED, null, "interrupted by the shutdown of node " + node + NO_CHECKPOINT,
                clock.instant());
        return TrainingJobState.FAILED;
    }

    private void recover(TrainingJob job, String reason) {
        if (job.checkpointFile() != null && !job.cancelRequested()) {
            boolean requeued = Boolean.TRUE.equals(transactions.execute(status -> {
                if (!jobs.requeue(job.id(), reason + "; resumed from the checkpoint of epoch " + ClientEpochs.number(job.checkpointEpoch()),
                        clock.instant())) {
                    return false;
                }
                queue.enqueue(job.id(), clock.instant());
                return true;
            }));
            if (requeued) {
                log.warn("Training job {}: {}; resuming from its checkpoint", job.id(), reason);
            }
        } else if (jobs.finish(job.id(), job.cancelRequested() ? TrainingJobState.CANCELLED : TrainingJobState.FAILED, null,
                reason + (job.cancelRequested() ? "" : NO_CHECKPOINT), clock.instant())) {
            log.warn("Training job {}: {}; marked {}", job.id(), reason, job.cancelRequested() ? "cancelled" : "failed");
        }
    }
}
