package dev.convnet.inference;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferencePropertiesTest {

    private static InferenceProperties withWorkers(int workersPerModel, int threadsPerWorker) {
        return new InferenceProperties(16, Duration.ofMillis(5), workersPerModel, 256, 16, 64, Duration.ofSeconds(30),
                Duration.ofSeconds(1), threadsPerWorker, ServingEngine.AUTO);
    }

    @Test
    void workersShareTheCoresOutUnlessTold() {
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(withWorkers(1, 0).effectiveThreadsPerWorker()).isEqualTo(cores);
        assertThat(withWorkers(2, 0).effectiveThreadsPerWorker()).isEqualTo(Math.max(1, cores / 2));
        assertThat(withWorkers(cores * 4, 0).effectiveThreadsPerWorker()).isEqualTo(1);
        assertThat(withWorkers(2, 3).effectiveThreadsPerWorker()).isEqualTo(3);
        assertThat(InferenceProperties.defaults().effectiveThreadsPerWorker()).isEqualTo(Math.max(1, cores / 2));
    }

    @Test
    void theSharedOnnxRuntimeSessionGetsEveryCoreUnlessTold() {
        int cores = Runtime.getRuntime().availableProcessors();

        assertThat(withWorkers(2, 0).onnxRuntimeIntraOpThreads()).isEqualTo(cores);
        assertThat(withWorkers(cores * 4, 0).onnxRuntimeIntraOpThreads()).isEqualTo(cores);
        assertThat(withWorkers(2, 3).onnxRuntimeIntraOpThreads()).isEqualTo(3);
    }

    @Test
    void negativeThreadsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> withWorkers(2, -1)).hasMessageContaining("convnet.inference.threads-per-worker");
        assertThatThrownBy(() -> withWorkers(0, 0)).hasMessageContaining("convnet.inference.workers-per-model");
    }
}
