package dev.convnet.dataset.augment;

import dev.convnet.dataset.ImageSet;
import dev.convnet.engine.EpochData;

/**
 * A dataset split served in minibatches by a {@link BatchPipeline}: shuffled per epoch (reproducibly from the
 * job's seed), converted from bytes to floats (÷255, NCHW) and augmented on a background thread, so the cores
 * train while the next batch is prepared.
 */
public class ImageSetEpochData implements EpochData {

    private final ImageSet images;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final AugmentationSettings augmentation;

    public ImageSetEpochData(ImageSet images, int batchSize, boolean shuffle, long seed, AugmentationSettings augmentation) {
        this.images = images;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentation = augmentation == null ? AugmentationSettings.NONE : augmentation;
    }

    @Override
    public int examples() {
        return images.count();
    }

    @Override
    public BatchStream epoch(int epoch) {
        ByteImageSource source = new ByteImageSource(images.pixels(), images.labels(), images.height(), images.width(),
                images.channels(), images.numClasses(), augmentation);
        return BatchPipeline.start(images.count(), batchSize, EpochOrder.seed(seed, epoch), shuffle, source);
    }
}
