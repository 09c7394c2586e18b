package dev.convnet.engine;

import java.util.Iterator;

/** A dataset split as a sequence of epochs of minibatches. */
public interface EpochData {

    /** Number of examples in one epoch. */
    int examples();

    /** Batches of epoch {@code epoch} (0-based); close the stream to stop its producer early. */
    BatchStream epoch(int epoch);

    interface BatchStream extends Iterator<Batch>, AutoCloseable {
        @Override
        void close();
    }
}
