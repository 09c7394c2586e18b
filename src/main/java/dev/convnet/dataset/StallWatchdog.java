package dev.convnet.dataset;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes a stream on which no data arrived for a while, which unblocks its reader: HttpClient has no read
 * timeout for a body stream.
 */
final class StallWatchdog {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "dataset-download-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Duration timeout;
    private final Duration checkEvery;

    StallWatchdog(Duration timeout, Duration checkEvery) {
        this.timeout = timeout;
        this.checkEvery = checkEvery;
    }

    Duration timeout() {
        return timeout;
    }

    /** {@code in}, watched until {@link Watched#stopWatching()}. */
    Watched watch(InputStream in) {
        Watched watched = new Watched(in);
        watched.check = TIMER.scheduleWithFixedDelay(() -> watched.closeIfStalled(timeout),
                checkEvery.toMillis(), checkEvery.toMillis(), TimeUnit.MILLISECONDS);
        return watched;
    }

    /** Remembers when data last arrived, so that a stalled transfer can be closed from the timer's thread. */
    static final class Watched extends FilterInputStream {
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean stalled;
        private volatile ScheduledFuture<?> check;

        private Watched(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            lastProgress = System.nanoTime();
            return n;
        }

        /** Whether the watchdog closed the stream, so that the reader's failure can say why. */
        boolean stalled() {
            return stalled;
        }

        void stopWatching() {
            check.cancel(false);
        }

        private void closeIfStalled(Duration timeout) {
            if (System.nanoTime() - lastProgress > timeout.toNanos()) {
                stalled = true;
                try {
                    close();
                } catch (IOException e) {
                    // Closing is only a means to unblock the reader, which then reports the failure.
                }
            }
        }
    }
}
