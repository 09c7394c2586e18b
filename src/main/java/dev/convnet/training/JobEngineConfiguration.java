package dev.convnet.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The job engine: db-scheduler, whose state lives in the service's database, so several nodes sharing that
 * database share one queue. Each node runs at most {@code convnet.training.max-concurrent-jobs} trainings;
 * executions are taken in order of submission. A node that stops heart-beating has its jobs recovered by
 * the others ({@link TrainingRecovery}).
 */
@Configuration(proxyBeanMethods = false)
class JobEngineConfiguration {

    static final String TRAINING_TASK = "training-job";

    @Bean
    OneTimeTask<String> trainingTask(TrainingJobRunner runner, TrainingRecovery recovery) {
        return Tasks.oneTime(TRAINING_TASK, String.class)
                .onDeadExecution((execution, operations) -> {
                    var dead = execution.getExecution();
                    recovery.recoverDeadExecution(UUID.fromString((String) dead.taskInstance.getData()), dead.pickedBy);
                    operations.remove();
                })
                .execute((instance, context) -> runner.run(UUID.fromString(instance.getData())));
    }

    /**
     * On a transaction-aware DataSource, scheduling joins the caller's Spring transaction (db-scheduler's README
     * recommends this proxy): a job row and its execution commit together ({@link JobQueue}).
     */
    @Bean
    Scheduler jobScheduler(DataSource dataSource, List<OneTimeTask<?>> tasks, TrainingProperties properties) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), List.copyOf(tasks))
                .schedulerName(new SchedulerName.Fixed(properties.effectiveNodeName()))
                .threads(Math.max(1, properties.maxConcurrentJobs()))
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(properties.heartbeat())
                .missedHeartbeatsLimit(6)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(30))
                .build();
    }

    /** Starts taking jobs once the application (and its schema) is ready, and stops before the pool closes. */
    @Bean
    JobEngineLifecycle jobEngineLifecycle(Scheduler scheduler, LiveJobs live, TrainingRecovery recovery,
                                          CheckpointStore checkpoints) {
        return new JobEngineLifecycle(scheduler, live, recovery, checkpoints);
    }

    static final class JobEngineLifecycle {

        private final Scheduler scheduler;
        private final LiveJobs live;
        private final TrainingRecovery recovery;
        private final CheckpointStore checkpoints;

        JobEngineLifecycle(Scheduler scheduler, LiveJobs live, TrainingRecovery recovery, CheckpointStore checkpoints) {
            this.scheduler = scheduler;
            this.live = live;
            this.recovery = recovery;
            this.checkpoints = checkpoints;
        }

        /** Recovery first decides which checkpoints jobs still resume from; the sweep then deletes the others. */
        @EventListener(ApplicationReadyEvent.class)
        void start() {
            recovery.recoverJobsOfThisNode();
            checkpoints.sweep();
            scheduler.start();
        }

        @EventListener(ContextClosedEvent.class)
        void stop() {
            live.stopAllForShutdown();
            scheduler.stop();
        }
    }
}
