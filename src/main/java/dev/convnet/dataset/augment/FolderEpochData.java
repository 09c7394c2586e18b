package dev.convnet.dataset.augment;

import dev.convnet.dataset.FolderLayout;
import dev.convnet.dataset.ImageShape;
import dev.convnet.engine.EpochData;
import dev.convnet.image.ImageDecoder;
import java.util.List;

/**
 * A folder dataset's split streamed from disk: per epoch, a {@link BatchPipeline} prepares a few batches ahead on
 * its thread while {@code decodeThreads} threads decode and resize the files of the batch being prepared. At most
 * {@link BatchPipeline#DEFAULT_PREFETCH} + 2 batches of floats and one batch of decoded images exist at a time.
 */
public class FolderEpochData implements EpochData {

    private final List<FolderLayout.Entry> entries;
    private final ImageShape shape;
    private final int classCount;
    private final ImageDecoder decoder;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final AugmentationSettings augmentation;
    private final int decodeThreads;
    private volatile FolderImageSource lastSource;

    public FolderEpochData(List<FolderLayout.Entry> entries, ImageShape shape, int classCount, ImageDecoder decoder,
                           int batchSize, boolean shuffle, long seed, AugmentationSettings augmentation, int decodeThreads) {
        this.entries = List.copyOf(entries);
        this.shape = shape;
        this.classCount = classCount;
        this.decoder = decoder;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.augmentation = augmentation == null ? AugmentationSettings.NONE : augmentation;
        this.decodeThreads = Math.max(1, decodeThreads);
    }

    @Override
    public int examples() {
        return entries.size();
    }

    /** The largest number of decoded images the latest epoch held at once. */
    public int mostDecodedImagesHeld() {
        FolderImageSource source = lastSource;
        return source == null ? 0 : source.mostDecodedImagesHeld();
    }

    @Override
    public BatchStream epoch(int epoch) {
        FolderImageSource source = new FolderImageSource(entries, shape, classCount, decoder, decodeThreads, augmentation);
        lastSource = source;
        return BatchPipeline.start(entries.size(), batchSize, EpochOrder.seed(seed, epoch), shuffle, source);
    }
}
