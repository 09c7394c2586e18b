package dev.convnet.dataset.augment;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Throughput of the augmentation and of the batch pipeline for CIFAR-sized images (not a test).
 * Run after {@code ./mvnw -o test-compile}:
 * {@code java -cp target/classes:target/test-classes dev.convnet.dataset.augment.AugmentationBenchmark}
 */
public final class AugmentationBenchmark {

    private static final int SIZE = 32;
    private static final int CHANNELS = 3;
    private static final int COUNT = 10_000;

    public static void main(String[] args) {
        byte[] pixels = ImageAugmenterTest.randomImages(COUNT, SIZE, SIZE, CHANNELS, 1);
        int[] labels = IntStream.range(0, COUNT).map(i -> i % 10).toArray();
        ImageAugmenter lesson = new ImageAugmenter(AugmentationSettings.LESSON_CIFAR10, SIZE, SIZE, CHANNELS);
        ImageAugmenter rich = new ImageAugmenter(AugmentationSettings.keras(20, 0.1, 0.1, 10, 0.2, true, false,
                FillMode.REFLECT, 0), SIZE, SIZE, CHANNELS);
        ImageAugmenter none = new ImageAugmenter(AugmentationSettings.NONE, SIZE, SIZE, CHANNELS);

        for (int round = 0; round < 3; round++) {
            report("copy only (pixel / 255, NHWC->NCHW)", measure(none, pixels));
            report("lesson: shift 0.1/0.1, h-flip, nearest", measure(lesson, pixels));
            report("rotation 20, shift, shear 10, zoom 0.2, reflect", measure(rich, pixels));
            report("pipeline, lesson settings, batch 128, idle consumer",
                    measurePipeline(new ByteImageSource(pixels, labels, SIZE, SIZE, CHANNELS, 10,
                            AugmentationSettings.LESSON_CIFAR10), round));
            System.out.println();
        }
    }

    private static double measure(ImageAugmenter augmenter, byte[] pixels) {
        float[] target = new float[128 * augmenter.imageSize()];
        SplittableRandom random = new SplittableRandom(3);
        long started = System.nanoTime();
        int images = 0;
        while (System.nanoTime() - started < 2_000_000_000L) {
            for (int i = 0; i < COUNT; i++) {
                augmenter.augment(pixels, i, random, target, (i % 128) * augmenter.imageSize());
            }
            images += COUNT;
        }
        return images / ((System.nanoTime() - started) / 1e9);
    }

    private static double measurePipeline(ImageSource source, int round) {
        long started = System.nanoTime();
        int images = 0;
        for (int epoch = 0; epoch < 5; epoch++) {
            try (BatchPipeline pipeline = BatchPipeline.start(COUNT, 128, EpochOrder.seed(round, epoch),
                    true, source)) {
                while (pipeline.hasNext()) {
                    images += pipeline.next().size();
                }
            }
        }
        return images / ((System.nanoTime() - started) / 1e9);
    }

    private static void report(String what, double imagesPerSecond) {
        System.out.printf("%-55s %,12.0f images/s%n", what, imagesPerSecond);
    }

    private AugmentationBenchmark() {
    }
}
