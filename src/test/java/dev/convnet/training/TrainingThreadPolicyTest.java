package dev.convnet.training;

import dev.convnet.engine.runtime.EngineThreads;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TrainingThreadPolicyTest {

    @Test
    void aTrainingThreadRunsCappedAndAtTheConfiguredNiceness() throws Exception {
        assumeTrue(EngineThreads.currentThreadNiceness().orElse(99) < 5, "no per-thread nice values here");
        assumeTrue(EngineThreads.currentThreadCap() > 1, "one core: nothing to cap");
        TrainingThreadPolicy policy = new TrainingThreadPolicy(properties(1, 5));

        CompletableFuture<TrainingThreadPolicy.Applied> applied = new CompletableFuture<>();
        new Thread(() -> applied.complete(policy.applyToCurrentThread()), "training-test").start();

        assertThat(applied.get()).isEqualTo(new TrainingThreadPolicy.Applied(1, OptionalInt.of(5)));
    }

    @Test
    void settingsOutOfRangeAreRefusedAtStartUp() {
        assertThatThrownBy(() -> properties(-1, 10)).hasMessageContaining("convnet.training.threads");
        assertThatThrownBy(() -> properties(0, 20)).hasMessageContaining("convnet.training.niceness");
        assertThatThrownBy(() -> properties(0, -1)).hasMessageContaining("convnet.training.niceness");
    }

    private static TrainingProperties properties(int threads, int niceness) {
        return new TrainingProperties(1, "node", 10, Duration.ofSeconds(10), Duration.ofSeconds(1), threads, niceness, 0.25);
    }
}
