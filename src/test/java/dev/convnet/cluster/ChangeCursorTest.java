package dev.convnet.cluster;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sequence numbers that commit out of order are applied once each; one that never commits stops holding the cursor. */
class ChangeCursorTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aNumberCommittedLateIsReadOnceAndThenTheCursorMovesOn() {
        ChangeCursor cursor = new ChangeCursor(10, Duration.ofSeconds(30));
        assertThat(cursor.readAfter(0)).isEqualTo(10);
        assertThat(cursor.seen(11, 0)).isTrue();
        assertThat(cursor.seen(13, 0)).as("12 is not visible yet").isTrue();
        assertThat(cursor.readAfter(SECOND)).as("read again from below the gap").isEqualTo(11);
        assertThat(cursor.seen(13, SECOND)).as("13 was applied already").isFalse();
        assertThat(cursor.seen(12, SECOND)).as("12 committed late").isTrue();
        assertThat(cursor.seen(12, SECOND)).isFalse();
        assertThat(cursor.readAfter(SECOND)).isEqualTo(13);
    }

    @Test
    void aNumberThatNeverCommitsIsGivenUpAfterTheWait() {
        ChangeCursor cursor = new ChangeCursor(0, Duration.ofSeconds(30));
        cursor.seen(2, 0);
        assertThat(cursor.readAfter(29 * SECOND)).isEqualTo(0);
        assertThat(cursor.readAfter(31 * SECOND)).as("rolled back: never visible").isEqualTo(2);
        assertThat(cursor.seen(1, 32 * SECOND)).as("too late to be told apart from a replay").isFalse();
    }

    @Test
    void aJumpOfTheSequenceHoldsOnlyABoundedNumberOfGaps() {
        ChangeCursor cursor = new ChangeCursor(0, Duration.ofSeconds(30));
        cursor.seen(1_000_000, 0);
        assertThat(cursor.readAfter(0)).isEqualTo(1_000_000 - 1_000 - 1);
    }
}
