package dev.convnet.experiment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Experiments on this node.
 *
 * @param reconcileInterval how often each node looks at the running experiments, queues their next runs and
 *                          notices finished ones
 * @param maxVariants       variants one experiment may have (a grid's combinations included)
 * @param maxRuns           runs (variants x seeds) one experiment may have
 * @param maxSeeds          seeds per variant at most
 * @param maxRunRetries     times a run is queued again under a new job after its job was lost with its node (killed
 *                          or restarted before a checkpoint); 0: such a run fails
 */
@ConfigurationProperties("convnet.experiments")
public record ExperimentProperties(@DefaultValue("2s") Duration reconcileInterval, @DefaultValue("64") int maxVariants,
                                   @DefaultValue("256") int maxRuns, @DefaultValue("20") int maxSeeds,
                                   @DefaultValue("2") int maxRunRetries) {

    public ExperimentProperties {
        if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("convnet.experiments.reconcile-interval must be positive, was " + reconcileInterval);
        }
        if (maxRunRetries < 0) {
            throw new IllegalArgumentException("convnet.experiments.max-run-retries must be 0 or more, was " + maxRunRetries);
        }
    }
}
