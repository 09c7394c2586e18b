package dev.convnet.dataset.augment;

import dev.convnet.engine.Batch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BatchPipelineTest {

    /** Writes each example's index into all its feature values and one-hot of index % 3 as its label. */
    private static class IndexSource implements ImageSource {
        @Override
        public int featuresPerExample() {
            return 4;
        }

        @Override
        public int labelsPerExample() {
            return 3;
        }

        @Override
        public void fill(int[] indices, int size, float[] features, float[] labels, RandomGenerator random) {
            for (int k = 0; k < size; k++) {
                Arrays.fill(features, k * 4, k * 4 + 4, indices[k]);
                Arrays.fill(labels, k * 3, k * 3 + 3, 0f);
                labels[k * 3 + indices[k] % 3] = 1f;
            }
        }
    }

    private static List<Integer> epochOrder(int count, int batchSize, long seed, boolean shuffle) {
        List<Integer> order = new ArrayList<>();
        try (BatchPipeline pipeline = BatchPipeline.start(count, batchSize, seed, shuffle, new IndexSource())) {
            while (pipeline.hasNext()) {
                Batch batch = pipeline.next();
                for (int k = 0; k < batch.size(); k++) {
                    order.add((int) batch.features()[k * 4]);
                    assertThat(batch.labels()[k * 3 + order.get(order.size() - 1) % 3]).isEqualTo(1f);
                }
            }
        }
        return order;
    }

    @Test
    void everyIndexAppearsExactlyOncePerEpochAndTheLastPartialBatchIsKept() {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        try (BatchPipeline pipeline = BatchPipeline.start(103, 10, 1, true, new IndexSource())) {
            for (Batch batch : (Iterable<Batch>) () -> pipeline) {
                sizes.add(batch.size());
                for (int k = 0; k < batch.size(); k++) {
                    seen.add((int) batch.features()[k * 4]);
                }
            }
        }

        assertThat(sizes).hasSize(11).endsWith(3);
        assertThat(sizes.subList(0, 10)).containsOnly(10);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 103).boxed().toList());
    }

    @Test
    void withoutShuffleTheOrderIsKept() {
        assertThat(epochOrder(25, 4, 99, false)).isEqualTo(IntStream.range(0, 25).boxed().toList());
    }

    @Test
    void shuffleIsReproducibleWithTheSameSeedAndDiffersAcrossEpochs() {
        List<Integer> epoch0 = epochOrder(200, 32, EpochOrder.seed(7, 0), true);
        List<Integer> epoch0Again = epochOrder(200, 32, EpochOrder.seed(7, 0), true);
        List<Integer> epoch1 = epochOrder(200, 32, EpochOrder.seed(7, 1), true);

        assertThat(epoch0Again).isEqualTo(epoch0);
        assertThat(epoch1).isNotEqualTo(epoch0).containsExactlyInAnyOrderElementsOf(epoch0);
        assertThat(epoch0).isNotEqualTo(IntStream.range(0, 200).boxed().toList());
    }

    @Test
    void anEmptyEpochHasNoBatches() {
        try (BatchPipeline pipeline = BatchPipeline.start(0, 8, 1, true, new IndexSource())) {
            assertThat(pipeline.hasNext()).isFalse();
            assertThatThrownBy(pipeline::next).isInstanceOf(java.util.NoSuchElementException.class);
        }
    }

    @Test
    void batchBuffersComeFromASmallPool() {
        Set<float[]> featureArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        try (BatchPipeline pipeline = BatchPipeline.start(1000, 10, 3, true, new IndexSource(), 2,
                Thread::new)) {
            while (pipeline.hasNext()) {
                featureArrays.add(pipeline.next().features());
            }
        }

        assertThat(featureArrays).hasSizeBetween(2, 4);
    }

    @Test
    void augmentedBatchesAreReproducibleWithTheSameSeedAndTheLessonSettingsChangeThem() {
        int n = 32;
        int count = 96;
        byte[] pixels = ImageAugmenterTest.randomImages(count, n, n, 3, 17);
        int[] labels = IntStream.range(0, count).map(i -> i % 10).toArray();
        ImageSource lesson = new ByteImageSource(pixels, labels, n, n, 3, 10, AugmentationSettings.LESSON_CIFAR10);
        ImageSource plain = new ByteImageSource(pixels, labels, n, n, 3, 10, AugmentationSettings.NONE);

        List<float[]> first = collect(lesson, count, 5);
        List<float[]> again = collect(lesson, count, 5);
        List<float[]> unaugmented = collect(plain, count, 5);

        assertThat(first).hasSize(3);
        for (int b = 0; b < first.size(); b++) {
            assertThat(again.get(b)).isEqualTo(first.get(b));
            assertThat(first.get(b)).isNotEqualTo(unaugmented.get(b));
        }
    }

    private static List<float[]> collect(ImageSource source, int count, long seed) {
        List<float[]> features = new ArrayList<>();
        try (BatchPipeline pipeline = BatchPipeline.start(count, 32, seed, true, source)) {
            while (pipeline.hasNext()) {
                Batch batch = pipeline.next();
                features.add(Arrays.copyOf(batch.features(), batch.size() * source.featuresPerExample()));
            }
        }
        return features;
    }

    @Test
    void closeStopsTheProducerThreadWhileItWaitsForRoom() throws Exception {
        List<Thread> threads = new ArrayList<>();
        ThreadFactory recording = task -> {
            Thread thread = new Thread(task);
            threads.add(thread);
            return thread;
        };
        BatchPipeline pipeline = BatchPipeline.start(10_000, 10, 1, true, new IndexSource(), 2, recording);
        pipeline.next();
        assertThat(threads).hasSize(1);
        assertThat(threads.get(0).isAlive()).isTrue();

        pipeline.close();

        assertThat(threads.get(0).isAlive()).isFalse();
        assertThatThrownBy(pipeline::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closeClosesTheSourceOnceAfterItsProducerStopped() {
        List<Boolean> producerAliveAtClose = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        ImageSource closing = new IndexSource() {
            @Override
            public void close() {
                producerAliveAtClose.add(threads.get(0).isAlive());
            }
        };
        BatchPipeline pipeline = BatchPipeline.start(10_000, 10, 1, true, closing, 2, task -> {
            Thread thread = new Thread(task);
            threads.add(thread);
            return thread;
        });
        pipeline.next();
        assertThat(producerAliveAtClose).isEmpty();

        pipeline.close();
        pipeline.close();

        assertThat(producerAliveAtClose).containsExactly(false);
    }

    @Test
    void closeInterruptsASourceThatIsBlocked() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        ImageSource stuck = new IndexSource() {
            @Override
            public void fill(int[] indices, int size, float[] features, float[] labels, RandomGenerator random) {
                entered.countDown();
                try {
                    Thread.sleep(TimeUnit.HOURS.toMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        BatchPipeline pipeline = BatchPipeline.start(100, 10, 1, false, stuck, 2, task -> {
            Thread thread = new Thread(task);
            threads.add(thread);
            return thread;
        });
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        pipeline.close();

        assertThat(threads.get(0).isAlive()).isFalse();
    }

    @Test
    void aProducerFailureSurfacesInTheConsumer() {
        ImageSource failing = new IndexSource() {
            @Override
            public void fill(int[] indices, int size, float[] features, float[] labels, RandomGenerator random) {
                if (indices[0] >= 20) {
                    throw new IllegalStateException("disk on fire");
                }
                super.fill(indices, size, features, labels, random);
            }
        };
        try (BatchPipeline pipeline = BatchPipeline.start(50, 10, 1, false, failing)) {
            assertThat(pipeline.next().features()[0]).isEqualTo(0f);
            assertThat(pipeline.next().features()[0]).isEqualTo(10f);

            assertThatThrownBy(pipeline::hasNext)
                    .isInstanceOf(BatchPreparationException.class)
                    .hasMessageContaining("batch 3 of 5")
                    .hasRootCauseInstanceOf(IllegalStateException.class)
                    .hasRootCauseMessage("disk on fire");
            assertThatThrownBy(pipeline::next).isInstanceOf(BatchPreparationException.class);
        }
    }

    @Test
    void rejectsBadArgumentsNamingTheField() {
        assertThatThrownBy(() -> BatchPipeline.start(10, 0, 1, true, new IndexSource()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("batchSize");
        assertThatThrownBy(() -> BatchPipeline.start(-1, 4, 1, true, new IndexSource()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("count");
        assertThatThrownBy(() -> BatchPipeline.start(10, 4, 1, true, new IndexSource(), 0, Thread::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("prefetch");
    }

    @Test
    void byteImageSourceValidatesItsArraysAndWritesOneHotLabels() {
        assertThatThrownBy(() -> new ByteImageSource(new byte[11], new int[] {0}, 2, 2, 3, 2,
                AugmentationSettings.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("pixels");
        assertThatThrownBy(() -> new ByteImageSource(new byte[12], new int[] {2}, 2, 2, 3, 2,
                AugmentationSettings.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("labels[0]");

        byte[] pixels = {10, 20, 30, 40, 50, 60};
        ByteImageSource source = new ByteImageSource(pixels, new int[] {1, 0}, 1, 1, 3, 2, AugmentationSettings.NONE);
        float[] features = new float[6];
        float[] labels = {9, 9, 9, 9};

        source.fill(new int[] {1, 0}, 2, features, labels, new java.util.SplittableRandom(1));

        assertThat(features).containsExactly(40 / 255f, 50 / 255f, 60 / 255f, 10 / 255f, 20 / 255f, 30 / 255f);
        assertThat(labels).containsExactly(1, 0, 0, 1);
    }
}
