package dev.convnet.dataset.augment;

import dev.convnet.dataset.FolderLayout;
import dev.convnet.dataset.ImageShape;
import dev.convnet.image.DecodedImage;
import dev.convnet.image.ImageDecoder;
import dev.convnet.image.ImagePreprocessor;
import dev.convnet.image.ResizeMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Images read from disk per batch: each batch's files are decoded and resized (stretched, as Keras's
 * {@code flow_from_directory} resizes) on {@code decodeThreads} daemon threads of its own, stopped by
 * {@link #close()}, then augmented and written as NCHW floats. Only the images of the batch being filled are ever
 * decoded at once, so memory does not grow with the dataset; the count is kept, so that bound can be checked.
 */
public final class FolderImageSource implements ImageSource {

    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    private final List<FolderLayout.Entry> entries;
    private final ImageShape shape;
    private final int classCount;
    private final ImageDecoder decoder;
    private final ImagePreprocessor preprocessor = new ImagePreprocessor();
    private final ExecutorService decoders;
    private final ImageAugmenter augmenter;
    private final CropAndCutout cropAndCutout;
    private final AtomicInteger held = new AtomicInteger();
    private final AtomicInteger mostHeld = new AtomicInteger();

    public FolderImageSource(List<FolderLayout.Entry> entries, ImageShape shape, int classCount, ImageDecoder decoder,
                             int decodeThreads, AugmentationSettings augmentation) {
        this.entries = List.copyOf(entries);
        this.shape = shape;
        this.classCount = classCount;
        this.decoder = decoder;
        this.augmenter = new ImageAugmenter(augmentation, shape.height(), shape.width(), shape.channels());
        this.cropAndCutout = new CropAndCutout(augmentation, shape.height(), shape.width(), shape.channels());
        // last, so that a constructor that throws leaves no threads behind
        this.decoders = Executors.newFixedThreadPool(Math.max(1, decodeThreads), task -> {
            Thread thread = new Thread(task, "folder-decoder-" + THREAD_NUMBER.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public int count() {
        return entries.size();
    }

    /** The largest number of decoded images held at one time so far. */
    public int mostDecodedImagesHeld() {
        return mostHeld.get();
    }

    @Override
    public int featuresPerExample() {
        return shape.size();
    }

    @Override
    public int labelsPerExample() {
        return classCount;
    }

    @Override
    public void fill(int[] indices, int size, float[] features, float[] oneHot, RandomGenerator random) {
        List<Future<byte[]>> decoded = new ArrayList<>(size);
        for (int k = 0; k < size; k++) {
            FolderLayout.Entry entry = entries.get(indices[k]);
            decoded.add(decoders.submit(() -> decode(entry)));
        }
        int imageSize = shape.size();
        for (int k = 0; k < size; k++) {
            byte[] pixels = await(decoded.get(k));
            // augmented in batch order on this thread, so the random draws do not depend on decoding order
            augmenter.augment(pixels, 0, random, features, k * imageSize);
            cropAndCutout.apply(features, k * imageSize, random);
            held.decrementAndGet();
            int labelOffset = k * classCount;
            Arrays.fill(oneHot, labelOffset, labelOffset + classCount, 0f);
            oneHot[labelOffset + entries.get(indices[k]).label()] = 1f;
        }
    }

    @Override
    public void close() {
        decoders.shutdownNow();
    }

    private byte[] decode(FolderLayout.Entry entry) throws IOException {
        DecodedImage image = decoder.decode(Files.readAllBytes(entry.file()));
        byte[] pixels = preprocessor.pixels(image, shape.height(), shape.width(), shape.channels(), ResizeMode.STRETCH);
        mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
        return pixels;
    }

    private static byte[] await(Future<byte[]> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while decoding a batch");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw new IllegalStateException("decoding an image failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
