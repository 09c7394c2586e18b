package dev.convnet.engine.dl4j;

import dev.convnet.common.Tensor;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.runtime.CallingThreadOmp;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Small batches run on one OpenMP thread of the calling thread: same outputs, and the thread's setting comes back. */
class SmallBatchPredictionTest {

    @Test
    void singleImagePredictionMatchesTheSameImageInALargeBatch() throws Exception {
        var document = JsonMapper.builder().build().readTree(getClass().getResourceAsStream("/presets/cifar10-cnn.json"));
        CompiledNetwork network = new NetworkCompiler().compile(new DefinitionParser().parse(document).architecture(), 42);
        int batch = CompiledNetwork.SINGLE_THREAD_MAX_BATCH + 4; // takes the multi-threaded path
        int imageSize = 32 * 32 * 3;
        float[] images = new float[batch * imageSize];
        Random random = new Random(1);
        for (int i = 0; i < images.length; i++) {
            images[i] = random.nextFloat();
        }
        int threadsBefore = CallingThreadOmp.maxThreads();

        Tensor all = network.predict(new Tensor(new int[] {batch, 32, 32, 3}, images));
        Tensor first = network.predict(new Tensor(new int[] {1, 32, 32, 3}, Arrays.copyOf(images, imageSize)));

        assertThat(first.shape()).containsExactly(1, 10);
        for (int k = 0; k < 10; k++) {
            assertThat(first.data()[k]).isCloseTo(all.data()[k], within(1e-5f));
        }
        assertThat(CallingThreadOmp.maxThreads()).isEqualTo(threadsBefore);
    }

    @Test
    void singleThreadedRunsOnOneThreadAndRestoresTheCallersSettingEvenOnFailure() {
        int before = CallingThreadOmp.maxThreads();

        assertThat(CallingThreadOmp.singleThreaded(CallingThreadOmp::maxThreads)).isEqualTo(1);
        assertThat(CallingThreadOmp.maxThreads()).isEqualTo(before);
        assertThatThrownBy(() -> CallingThreadOmp.singleThreaded(() -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(CallingThreadOmp.maxThreads()).isEqualTo(before);
    }
}
