package dev.convnet.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A transfer on which no data arrives is closed, which unblocks its reader; a flowing one is left alone. */
class StallWatchdogDownloadTest {

    private final StallWatchdog watchdog = new StallWatchdog(Duration.ofMillis(200), Duration.ofMillis(20));

    /** Blocks every read until closed, as a socket does when the server stops sending. */
    private static final class SilentStream extends InputStream {
        private final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public int read() throws IOException {
            try {
                if (!closed.await(10, TimeUnit.SECONDS)) {
                    return -1; // the watchdog failed; the assertions below say so
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("Socket closed");
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }

    @Test
    void aStalledStreamIsClosedAndSaysSo() {
        StallWatchdog.Watched watched = watchdog.watch(new SilentStream());
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() -> watched.read(new byte[16], 0, 16)).isInstanceOf(IOException.class);
        } finally {
            watched.stopWatching();
        }

        assertThat(watched.stalled()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aStreamThatIsReadToTheEndIsNotStalled() throws IOException {
        StallWatchdog.Watched watched = watchdog.watch(new ByteArrayInputStream(new byte[1000]));
        try {
            assertThat(watched.readAllBytes()).hasSize(1000);
        } finally {
            watched.stopWatching();
        }

        assertThat(watched.stalled()).isFalse();
    }
}
