package dev.convnet.engine;

import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The estimate the node's admission rests on, for the lesson's LeNet-5 and for a definition far beyond any machine. */
class MemoryEstimateTest {

    private static Architecture preset(String name) throws IOException {
        try (InputStream in = new ClassPathResource("presets/" + name + ".json").getInputStream()) {
            return new DefinitionParser().parse(JsonMapper.builder().build().readTree(in)).architecture();
        }
    }

    @Test
    void countsLeNet5sParametersAndEveryLayersActivations() throws IOException {
        Architecture lenet = preset("lenet5");
        // input 784, conv 28x28x6, pool 27x27x6, conv 23x23x16, pool 11x11x16, conv 7x7x120, flatten 5880, dense 84, 10
        long activations = 784 + 4704 + 4374 + 8464 + 1936 + 5880 + 5880 + 84 + 10;
        assertThat(lenet.activationsPerExample()).isEqualTo(activations);

        MemoryEstimate sgd = MemoryEstimate.training(lenet, 128, 0);
        assertThat(sgd.parameterBytes()).isEqualTo(4L * 545_546 * 2);
        assertThat(sgd.activationBytes()).isEqualTo(4L * activations * 128 * 2);
        MemoryEstimate adam = MemoryEstimate.training(lenet, 128, 2);
        assertThat(adam.parameterBytes()).isEqualTo(4L * 545_546 * 4);
        MemoryEstimate inference = MemoryEstimate.inference(lenet, 16);
        assertThat(inference.totalBytes()).isEqualTo(4L * 545_546 + 4L * activations * 16);
    }

    @Test
    void theLargestBatchIsTheLastThatFits() throws IOException {
        Architecture lenet = preset("lenet5");
        MemoryEstimate one = MemoryEstimate.training(lenet, 1, 0);
        long budget = 100L << 20;
        long largest = MemoryEstimate.largestBatch(budget, one.parameterBytes(), one.activationBytes());

        assertThat(MemoryEstimate.training(lenet, largest, 0).totalBytes()).isLessThanOrEqualTo(budget);
        assertThat(MemoryEstimate.training(lenet, largest + 1, 0).totalBytes()).isGreaterThan(budget);
        assertThat(MemoryEstimate.largestBatch(1000, 1000, 8)).isZero();
    }

    @Test
    void anAbsurdDefinitionIsAHugeEstimateNeverANegativeOne() {
        assertThat(MemoryEstimate.times(Long.MAX_VALUE / 2, 3)).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryEstimate.times(4_000_000_000L, 4_000_000_000L)).isEqualTo(Long.MAX_VALUE);
        assertThat(new MemoryEstimate(Long.MAX_VALUE, Long.MAX_VALUE).totalBytes()).isEqualTo(Long.MAX_VALUE);
    }
}
