package dev.convnet.training;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.convnet.node.NodeProperties;
import dev.convnet.node.NodeRole;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * the others ({@link TrainingRecovery}). A node without the {@code training} role never starts the engine: it
 * enqueues jobs (the queue is a table) but neither polls nor takes them.
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
                                          CheckpointStore checkpoints, NodeProperties node) {
        return new JobEngineLifecycle(scheduler, live, recovery, checkpoints, node.has(NodeRole.TRAINING));
    }

    static final class JobEngineLifecycle {

        private static final Logger log = LoggerFactory.getLogger(JobEngineLifecycle.class);

        private final Scheduler scheduler;
        private final LiveJobs live;
        private final TrainingRecovery recovery;
        private final CheckpointStore checkpoints;
        private final boolean takesJobs;
        private volatile boolean started;

        JobEngineLifecycle(Scheduler scheduler, LiveJobs live, TrainingRecovery recovery, CheckpointStore checkpoints,
                           boolean takesJobs) {
            this.scheduler = scheduler;
            this.live = live;
            this.recovery = recovery;
            this.checkpoints = checkpoints;
            this.takesJobs = takesJobs;
        }

        /** Recovery first decides which checkpoints jobs still resume from; the sweep then deletes the others. */
        @EventListener(ApplicationReadyEvent.class)
        void start() {
            if (!takesJobs) {
                log.info("No 'training' in convnet.node.roles: this node queues training jobs but does not run them");
                return;
            }
            recovery.recoverJobsOfThisNode();
            checkpoints.sweep();
            scheduler.start();
            started = true;
        }

        @EventListener(ContextClosedEvent.class)
        void stop() {
            live.stopAllForShutdown();
            if (started) {
                scheduler.stop();
            }
        }
    }
}
