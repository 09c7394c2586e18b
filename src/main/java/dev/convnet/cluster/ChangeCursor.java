package dev.convnet.cluster;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a node stands in the change table. A sequence number is taken when a row is inserted, not when it commits,
 * so a row can become visible after rows with higher numbers: a number skipped over is held open for
 * {@code gapWait} (after which its transaction is taken to have rolled back), and reading resumes below it.
 */
final class ChangeCursor {

    /** More missing numbers at once than any burst of concurrent commits leaves: a sequence that jumped. */
    private static final int MAX_GAP = 1_000;

    private final long gapWaitNanos;
    private long highest;
    private final TreeMap<Long, Long> openGaps = new TreeMap<>(); // seq -> when it was first missed (nanoTime)

    ChangeCursor(long start, Duration gapWait) {
        this.highest = start;
        this.gapWaitNanos = gapWait.toNanos();
    }

    /** Read the table after this number. */
    synchronized long readAfter(long now) {
        for (Iterator<Map.Entry<Long, Long>> gaps = openGaps.entrySet().iterator(); gaps.hasNext(); ) {
            if (now - gaps.next().getValue() > gapWaitNanos) {
                gaps.remove();
            }
        }
        return openGaps.isEmpty() ? highest : openGaps.firstKey() - 1;
    }

    /** True the first time a row is seen: apply it then, and only then. */
    synchronized boolean seen(long seq, long now) {
        if (seq > highest) {
            for (long missing = Math.max(highest + 1, seq - MAX_GAP); missing < seq; missing++) {
                openGaps.put(missing, now);
            }
            highest = seq;
            return true;
        }
        return openGaps.remove(seq) != null;
    }
}
