package dev.convnet.training;

import dev.convnet.dataset.CifarBinaryReader;
import dev.convnet.dataset.ImageSet;
import dev.convnet.dataset.augment.AugmentationSettings;
import dev.convnet.dataset.augment.FillMode;
import dev.convnet.dataset.augment.ImageSetEpochData;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.Batch;
import dev.convnet.engine.EpochData;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.IterationProgress;
import dev.convnet.engine.fit.NetworkTrainer;
import dev.convnet.engine.fit.KerasOptimizers;
import dev.convnet.engine.fit.ScheduleSettings;
import dev.convnet.engine.fit.TrainingObserver;
import dev.convnet.engine.fit.TrainingOutcome;
import dev.convnet.engine.fit.TrainingSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lesson's CIFAR-10 CNN trained with the lesson's real-time augmentation on CIFAR-format files that the
 * test writes: augmentation changes the batches, and the loss goes down on a small learnable set.
 */
class CifarAugmentedTrainingTest {

    /** The lesson's ImageDataGenerator: shifts of 10%, horizontal flips, fill 'nearest'. */
    static final AugmentationSettings LESSON = new AugmentationSettings(0, 0.1, 0.1, 0, 1, 1, true, false, FillMode.NEAREST, 0);
    static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    @TempDir
    Path dir;

    /** 10 classes, each a colour blob at its own place on a noisy background: learnable, but not by one pixel. */
    private Path writeCifarFile(int perClass, long seed) throws IOException {
        Random random = new Random(seed);
        byte[] records = new byte[perClass * 10 * 3073];
        int offset = 0;
        for (int i = 0; i < perClass * 10; i++) {
            int label = i % 10;
            records[offset++] = (byte) label;
            int cx = 6 + (label % 5) * 5;
            int cy = label < 5 ? 10 : 22;
            for (int channel = 0; channel < 3; channel++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        boolean blob = Math.abs(x - cx) <= 4 && Math.abs(y - cy) <= 4;
                        int base = blob ? (channel == label % 3 ? 230 : 60) : 110;
                        records[offset++] = (byte) Math.max(0, Math.min(255, base + (int) (random.nextGaussian() * 25)));
                    }
                }
            }
        }
        Path file = dir.resolve("data_batch_1.bin");
        Files.write(file, records);
        return file;
    }

    private CompiledNetwork lessonCnn() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/presets/cifar10-cnn.json")) {
            var architecture = new DefinitionParser().parse(JsonMapper.builder().build().readTree(in)).architecture();
            return new NetworkCompiler().compile(architecture, 11);
        }
    }

    @Test
    void augmentationChangesTheBatches() throws IOException {
        ImageSet images = CifarBinaryReader.read(List.of(writeCifarFile(4, 1)), CifarBinaryReader.Variant.CIFAR_10, CLASSES);
        Batch plain;
        Batch augmented;
        try (EpochData.BatchStream stream = new ImageSetEpochData(images, 40, false, 7, null).epoch(0)) {
            plain = stream.next();
        }
        try (EpochData.BatchStream stream = new ImageSetEpochData(images, 40, false, 7, LESSON).epoch(0)) {
            augmented = stream.next();
        }
        int imageSize = 32 * 32 * 3;
        int changed = 0;
        for (int i = 0; i < 40; i++) {
            boolean same = true;
            for (int k = 0; k < imageSize && same; k++) {
                same = plain.features()[i * imageSize + k] == augmented.features()[i * imageSize + k];
            }
            changed += same ? 0 : 1;
        }
        assertThat(changed).isGreaterThan(30);
        assertThat(java.util.Arrays.copyOf(augmented.labels(), 400)).containsExactly(java.util.Arrays.copyOf(plain.labels(), 400));
    }

    @Test
    void lessonCnnWithLessonAugmentationLearnsASmallLearnableSet() throws IOException {
        ImageSet images = CifarBinaryReader.read(List.of(writeCifarFile(16, 2)), CifarBinaryReader.Variant.CIFAR_10, CLASSES);
        EpochData train = new ImageSetEpochData(images, 32, true, 3, LESSON);
        // The lesson's RMSprop with Keras's decay, at 10x its learning rate: 40 iterations, not 1,563 per epoch.
        TrainingSettings settings = new TrainingSettings(8, 32, KerasOptimizers.rmsprop(1e-3, 1e-6), ScheduleSettings.CONSTANT,
                3, 0, 0, 0, 1);
        TrainingOutcome outcome = new NetworkTrainer(new NetworkCompiler()).train(lessonCnn(), settings, train, null,
                new TrainingObserver() {
                    public void onIteration(IterationProgress progress) { }
                    public void onEpoch(EpochResult result, CompiledNetwork network) { }
                    public boolean cancelRequested() { return false; }
                });
        List<EpochResult> history = outcome.history();
        assertThat(history).hasSize(8);
        assertThat(history.get(7).loss()).isLessThan(history.get(0).loss() * 0.8);
        assertThat(history.get(7).accuracy()).isGreaterThan(history.get(0).accuracy());
    }
}
