package dev.convnet.definition;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The presets beyond the lesson's, their summaries against parameter counts worked out by hand from Keras's
 * formulas: Conv2D without bias k*k*in*out; BatchNormalization 2*c trainable (gamma, beta) and 2*c non-trainable
 * (moving mean and variance); Dense in*out + out. ResNet-18's trainable count is also torchvision's published
 * 11,689,512 (its batch-norm running statistics are buffers, not parameters: Keras's 9,600 non-trainable).
 */
class BlockPresetSummaryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Trainable and non-trainable parameters, added up as the hand count goes. */
    private static final class Count {
        long trainable;
        long nonTrainable;

        void conv(int kernel, int in, int out) {
            trainable += (long) kernel * kernel * in * out;
        }

        void batchNorm(int channels) {
            trainable += 2L * channels;
            nonTrainable += 2L * channels;
        }

        /** A basic residual block: two 3x3 convs with batch norm, a 1x1 conv + batch norm shortcut when the shape changes. */
        void block(int in, int out, boolean projection) {
            conv(3, in, out);
            batchNorm(out);
            conv(3, out, out);
            batchNorm(out);
            if (projection) {
                conv(1, in, out);
                batchNorm(out);
            }
        }

        void dense(int in, int out) {
            trainable += (long) in * out + out;
        }
    }

    private static ModelSummary summary(String preset) throws Exception {
        try (InputStream in = BlockPresetSummaryTest.class.getResourceAsStream("/presets/" + preset + ".json")) {
            return ModelSummary.of(new DefinitionParser().parse(JSON.readTree(in)).architecture());
        }
    }

    private static void assertCounts(ModelSummary summary, Count count) {
        assertThat(summary.trainableParams()).isEqualTo(count.trainable);
        assertThat(summary.nonTrainableParams()).isEqualTo(count.nonTrainable);
        assertThat(summary.totalParams()).isEqualTo(count.trainable + count.nonTrainable);
        assertThat(summary.toText()).contains(String.format("Total params: %,d%n", count.trainable + count.nonTrainable),
                String.format("Trainable params: %,d%n", count.trainable),
                String.format("Non-trainable params: %,d%n", count.nonTrainable));
    }

    private static Count cifarResNet(int width, int classes) {
        Count count = new Count();
        count.conv(3, 3, width);
        count.batchNorm(width);
        count.block(width, width, false);
        count.block(width, 2 * width, true);
        count.block(2 * width, 4 * width, true);
        count.dense(4 * width, classes);
        return count;
    }

    @Test
    void cifar10ResNet() throws Exception {
        ModelSummary summary = summary("cifar10-resnet");
        assertCounts(summary, cifarResNet(32, 10));
        assertThat(summary.trainableParams()).isEqualTo(308_650);
        assertThat(row(summary, "stage3_block1_add").outputShape()).containsExactly(null, 16, 16, 64);
        assertThat(row(summary, "avg_pool").outputShape()).containsExactly(null, 128);
        assertThat(last(summary).outputShape()).containsExactly(null, 10);
    }

    @Test
    void cifar100ResNetIsWiderWithAHundredClasses() throws Exception {
        ModelSummary summary = summary("cifar100-resnet");
        assertCounts(summary, cifarResNet(64, 100));
        assertThat(last(summary).outputShape()).containsExactly(null, 100);
    }

    @Test
    void compactMnist() throws Exception {
        ModelSummary summary = summary("mnist-compact");
        Count count = new Count();
        int in = 1;
        for (int filters : List.of(32, 32, 64, 64, 128)) {
            count.conv(3, in, filters);
            count.batchNorm(filters);
            in = filters;
        }
        count.dense(128, 10);
        assertCounts(summary, count);
        assertThat(row(summary, "max_pooling2d_1").outputShape()).containsExactly(null, 7, 7, 64);
    }

    @Test
    void resNet18ForImageNet() throws Exception {
        ModelSummary summary = summary("resnet18-imagenet");
        Count count = new Count();
        count.conv(7, 3, 64);
        count.batchNorm(64);
        int in = 64;
        for (int width : List.of(64, 128, 256, 512)) {
            count.block(in, width, in != width);
            count.block(width, width, false);
            in = width;
        }
        count.dense(512, 1000);
        assertCounts(summary, count);
        assertThat(summary.trainableParams()).isEqualTo(11_689_512);
        assertThat(summary.nonTrainableParams()).isEqualTo(9_600);
        assertThat(row(summary, "conv1").outputShape()).containsExactly(null, 112, 112, 64);
        assertThat(row(summary, "pool1").outputShape()).containsExactly(null, 56, 56, 64);
        assertThat(row(summary, "stage5_block2_out").outputShape()).containsExactly(null, 7, 7, 512);
        assertThat(last(summary).outputShape()).containsExactly(null, 1000);
    }

    private static ModelSummary.Row last(ModelSummary summary) {
        return summary.layers().get(summary.layers().size() - 1);
    }

    private static ModelSummary.Row row(ModelSummary summary, String name) {
        return summary.layers().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
