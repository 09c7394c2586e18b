package dev.convnet.dataset.augment;

import dev.convnet.dataset.FolderLayout;
import dev.convnet.dataset.ImageShape;
import dev.convnet.engine.Batch;
import dev.convnet.engine.EpochData;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.ImageLimits;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A folder of a few hundred JPEGs streamed in batches, never more than one batch of them decoded at once. */
class FolderEpochDataTest {

    @TempDir
    static Path root;

    /** 320 JPEGs of 20x24 pixels in two class folders: 'dark' (mean 40) and 'light' (mean 210), with noise. */
    @BeforeAll
    static void writeImages() throws IOException {
        Random random = new Random(4);
        for (String name : new String[] {"dark", "light"}) {
            Path dir = Files.createDirectories(root.resolve("flat").resolve(name));
            int base = name.equals("dark") ? 40 : 210;
            for (int i = 0; i < 160; i++) {
                BufferedImage image = new BufferedImage(24, 20, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 24; x++) {
                        int v = Math.max(0, Math.min(255, base + random.nextInt(21) - 10));
                        image.setRGB(x, y, v << 16 | v << 8 | v);
                    }
                }
                ImageIO.write(image, "jpg", dir.resolve(String.format("%03d.jpg", i)).toFile());
            }
            Files.writeString(dir.resolve("notes.txt"), "not an image");
        }
    }

    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.defaults());

    @Test
    void oneLevelOfClassFoldersIsSplitByFractionPerClass() {
        FolderLayout layout = FolderLayout.scan("flat", root.resolve("flat"), 0.25);
        assertThat(layout.classNames()).containsExactly("dark", "light");
        assertThat(layout.train()).hasSize(240);
        assertThat(layout.test()).hasSize(80);
        assertThat(layout.test().stream().filter(e -> e.label() == 1)).hasSize(40);
        assertThat(layout.test().get(0).file().getFileName().toString()).isEqualTo("120.jpg");
    }

    @Test
    void trainAndValFoldersAreTheSplits() throws IOException {
        Path imagenet = root.resolve("imagenet");
        for (String split : new String[] {"train", "val"}) {
            for (String cls : new String[] {"n01", "n02", "n03"}) {
                Path dir = Files.createDirectories(imagenet.resolve(split).resolve(cls));
                Files.copy(root.resolve("flat/dark/000.jpg"), dir.resolve("a.jpg"));
                if (split.equals("train")) {
                    Files.copy(root.resolve("flat/light/000.jpg"), dir.resolve("b.JPEG"));
                }
            }
        }
        FolderLayout layout = FolderLayout.scan("imagenet", imagenet, 0.5);
        assertThat(layout.classNames()).containsExactly("n01", "n02", "n03");
        assertThat(layout.train()).hasSize(6);
        assertThat(layout.test()).hasSize(3).extracting(FolderLayout.Entry::label).containsExactly(0, 1, 2);
    }

    @Test
    void anEpochStreamsEveryImageResizedWithItsLabelHoldingAtMostOneBatchDecoded() {
        FolderLayout layout = FolderLayout.scan("flat", root.resolve("flat"), 0);
        ImageShape shape = new ImageShape(10, 12, 1); // resized from 20x24 RGB to grey
        FolderEpochData data = new FolderEpochData(layout.train(), shape, 2, DECODER, 8, true, 3, null, 2);
        assertThat(data.examples()).isEqualTo(320);
        int batches = 0;
        int seen = 0;
        Set<Integer> labelsSeen = new HashSet<>();
        try (EpochData.BatchStream stream = data.epoch(0)) {
            while (stream.hasNext()) {
                Batch batch = stream.next();
                batches++;
                for (int k = 0; k < batch.size(); k++) {
                    int label = batch.labels()[k * 2 + 1] == 1f ? 1 : 0;
                    labelsSeen.add(label);
                    double mean = 0;
                    for (int p = 0; p < shape.size(); p++) {
                        mean += batch.features()[k * shape.size() + p] / shape.size();
                    }
                    // the pixels are those of the image's class: dark ~ 40/255, light ~ 210/255
                    assertThat(mean).isBetween(label == 1 ? 0.75 : 0.1, label == 1 ? 0.9 : 0.22);
                    seen++;
                }
            }
        }
        assertThat(batches).isEqualTo(40);
        assertThat(seen).isEqualTo(320);
        assertThat(labelsSeen).containsExactlyInAnyOrder(0, 1);
        assertThat(data.mostDecodedImagesHeld()).isBetween(1, 8); // one batch, of 320 images
    }

    @Test
    void theSameSeedStreamsTheSameAugmentedBatches() {
        FolderLayout layout = FolderLayout.scan("flat", root.resolve("flat"), 0.9);
        AugmentationSettings augmentation = AugmentationSettings.keras(0, 0, 0, 0, 0, true, false, FillMode.NEAREST, 0)
                .withCropAndCutout(new RandomCrop(2, RandomCrop.Padding.ZERO), new Cutout(4, 0.5, Cutout.Fill.ZERO));
        ImageShape shape = new ImageShape(16, 16, 3);
        float[] first = firstBatch(new FolderEpochData(layout.train(), shape, 2, DECODER, 16, true, 9, augmentation, 2));
        float[] again = firstBatch(new FolderEpochData(layout.train(), shape, 2, DECODER, 16, true, 9, augmentation, 1));
        assertThat(again).isEqualTo(first);
    }

    @Test
    void oneEpochOfTrainingRunsOnTheStreamedFolder() {
        FolderLayout layout = FolderLayout.scan("flat", root.resolve("flat"), 0.25);
        ImageShape shape = new ImageShape(10, 12, 1);
        var architecture = new dev.convnet.definition.DefinitionParser().parse(tools.jackson.databind.json.JsonMapper.builder()
                .build().readTree("""
                        {"inputShape": [10, 12, 1], "layers": [
                          {"type": "conv2d", "filters": 4, "kernelSize": 3, "activation": "relu"},
                          {"type": "globalAveragePooling2d"},
                          {"type": "dense", "units": 2, "activation": "softmax"}]}""")).architecture();
        var compiler = new dev.convnet.engine.dl4j.NetworkCompiler();
        var optimizer = new dev.convnet.engine.fit.OptimizerSettings(dev.convnet.engine.fit.OptimizerSettings.Kind.ADAM,
                0.05, 0, false, 0.9, 0, 0.9, 0.999, 1e-7, 0);
        var settings = new dev.convnet.engine.fit.TrainingSettings(1, 16, optimizer,
                dev.convnet.engine.fit.ScheduleSettings.CONSTANT, 1, 0, 0, 0, 5);
        FolderEpochData train = new FolderEpochData(layout.train(), shape, 2, DECODER, 16, true, 1, null, 2);
        FolderEpochData validation = new FolderEpochData(layout.test(), shape, 2, DECODER, 32, false, 0, null, 2);
        var outcome = new dev.convnet.engine.fit.NetworkTrainer(compiler).train(compiler.compile(architecture, 1), settings,
                train, validation, new dev.convnet.engine.fit.TrainingObserver() {
                    @Override
                    public void onIteration(dev.convnet.engine.fit.IterationProgress progress) {
                    }

                    @Override
                    public void onEpoch(dev.convnet.engine.fit.EpochResult result, dev.convnet.engine.dl4j.CompiledNetwork network) {
                    }

                    @Override
                    public boolean cancelRequested() {
                        return false;
                    }
                });
        assertThat(outcome.history()).hasSize(1);
        assertThat(outcome.history().get(0).validationAccuracy()).isGreaterThan(0.9);
        assertThat(train.mostDecodedImagesHeld()).isBetween(1, 16);
    }

    private static float[] firstBatch(FolderEpochData data) {
        try (EpochData.BatchStream stream = data.epoch(0)) {
            return stream.next().features().clone();
        }
    }
}
