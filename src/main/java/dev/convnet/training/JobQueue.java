package dev.convnet.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The job engine's queue: one execution of the training task per queued job. The engine's connections are
 * transaction-aware ({@link JobEngineConfiguration}), so an execution scheduled inside a transaction commits
 * with the job row that goes with it, or not at all; the engine is woken once that commit is done, as it
 * could not see the execution before.
 */
@Component
class JobQueue {

    private final ObjectProvider<Scheduler> engine;

    JobQueue(ObjectProvider<Scheduler> engine) {
        this.engine = engine;
    }

    void enqueue(UUID jobId, Instant when) {
        Scheduler scheduler = engine.getObject();
        String instanceId = jobId + "-" + UUID.randomUUID().toString().substring(0, 8);
        scheduler.scheduleIfNotExists(new TaskInstance<>(JobEngineConfiguration.TRAINING_TASK, instanceId, jobId.toString()), when);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.triggerCheckForDueExecutions();
                }
            });
        }
    }
}
