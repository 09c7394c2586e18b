package dev.convnet.training;

import dev.convnet.engine.runtime.EngineThreads;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps predictions responsive while a training runs on the same node: the training thread (and the OpenMP
 * and batch threads it starts) runs at a lower OS priority and, if configured, on fewer OpenMP threads.
 * Applied on the job's thread before its first native op, since both settings pass to the threads it starts.
 */
@Component
class TrainingThreadPolicy {

    private static final Logger log = LoggerFactory.getLogger(TrainingThreadPolicy.class);

    /** What the calling thread runs with after {@link #applyToCurrentThread()}. */
    record Applied(int openMpThreads, OptionalInt niceness) {
    }

    private final int threads;
    private final int niceness;

    TrainingThreadPolicy(TrainingProperties properties) {
        this.threads = properties.threads();
        this.niceness = properties.niceness();
    }

    Applied applyToCurrentThread() {
        EngineThreads.capCurrentThread(threads);
        OptionalInt actual = EngineThreads.lowerCurrentThreadPriority(niceness);
        Applied applied = new Applied(EngineThreads.currentThreadCap(), actual);
        if (actual.isPresent() && actual.getAsInt() < niceness) {
            log.warn("Training thread runs at niceness {} instead of {}: predictions compete with it on equal terms",
                    actual.getAsInt(), niceness);
        }
        log.debug("Training thread {}: {}", Thread.currentThread().getName(), applied);
        return applied;
    }
}
