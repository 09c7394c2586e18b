package dev.convnet.training;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Training on this node.
 *
 * @param maxConcurrentJobs trainings this node runs at once; the rest wait in the queue, in order
 * @param nodeName          this node's name in the job table (defaults to the host name)
 * @param progressEvery     iterations between progress events and gauge updates
 * @param heartbeat         how often the job engine proves this node alive; a node silent for six
 *                          heartbeats is presumed dead and its jobs are recovered by another
 * @param threads           OpenMP threads of a training; 0 takes them all (predictions then compete only
 *                          through {@code niceness})
 * @param niceness          OS priority of training threads, 0 (as high as serving) to 19 (only idle cores):
 *                          predictions on the same node take the cores first
 * @param minCpuShare       the share of the node's CPU a running training keeps when predictions would take all
 *                          of it (0 to 0.9; 0: none): busy prediction workers pause for it (engine.CpuShare)
 */
@ConfigurationProperties("convnet.training")
public record TrainingProperties(@DefaultValue("1") int maxConcurrentJobs, String nodeName,
                                 @DefaultValue("10") int progressEvery, @DefaultValue("10s") Duration heartbeat,
                                 @DefaultValue("1s") Duration pollingInterval, @DefaultValue("0") int threads,
                                 @DefaultValue("10") int niceness, @DefaultValue("0.25") double minCpuShare) {

    public TrainingProperties {
        if (threads < 0) {
            throw new IllegalArgumentException("convnet.training.threads must be 0 (all) or more, was " + threads);
        }
        if (minCpuShare < 0 || minCpuShare > 0.9) {
            throw new IllegalArgumentException("convnet.training.min-cpu-share must be between 0 and 0.9, was " + minCpuShare);
        }
        if (niceness < 0 || niceness > 19) {
            throw new IllegalArgumentException("convnet.training.niceness must be between 0 and 19, was " + niceness);
        }
    }

    /** The settings a node starts with when none are configured. */
    public static TrainingProperties defaults() {
        return new TrainingProperties(1, null, 10, Duration.ofSeconds(10), Duration.ofSeconds(1), 0, 10, 0.25);
    }

    public String effectiveNodeName() {
        if (nodeName != null && !nodeName.isBlank()) {
            return nodeName;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "node-" + ProcessHandle.current().pid();
        }
    }
}
