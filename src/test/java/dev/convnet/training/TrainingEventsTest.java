package dev.convnet.training;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Publishing events never waits for a client, and every client still gets the final state. */
class TrainingEventsTest {

    private final TrainingEvents events = new TrainingEvents();
    private final UUID job = UUID.randomUUID();

    @AfterEach
    void stopSenders() {
        events.destroy();
    }

    @Test
    void aStuckClientDoesNotHoldUpTheTrainingThreadAndGetsTheFinalStateOnceItMovesAgain() throws Exception {
        RecordingEmitter stuck = new RecordingEmitter(true);
        events.subscribe(job, "snapshot", stuck);
        assertThat(stuck.sending.await(5, TimeUnit.SECONDS)).as("the sender is inside send()").isTrue();

        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            events.publish(job, "iteration", i);
            if (i % 250 == 249) {
                events.publish(job, "epoch", i / 250);
            }
        }
        events.complete(job, "SUCCEEDED");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).as("1,000 publishes while the only client is stuck").isLessThan(500);
        assertThat(stuck.sent).as("nothing sent while stuck").isEmpty();

        stuck.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.completed);
        // Iteration events are snapshots: only the newest pending one is sent.
        assertThat(stuck.sent).containsExactly("job snapshot", "epoch 0", "epoch 1", "epoch 2", "iteration 999", "epoch 3",
                "state SUCCEEDED");
    }

    @Test
    void aClientThatFallsFarBehindLosesProgressEventsButNotTheFinalState() throws Exception {
        RecordingEmitter stuck = new RecordingEmitter(true);
        events.subscribe(job, "snapshot", stuck);
        assertThat(stuck.sending.await(5, TimeUnit.SECONDS)).isTrue();

        for (int epoch = 0; epoch < EventSubscriber.MAX_PENDING * 3; epoch++) {
            events.publish(job, "epoch", epoch);
        }
        events.complete(job, "CANCELLED");
        stuck.release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.completed);
        assertThat(stuck.sent).hasSize(1 + EventSubscriber.MAX_PENDING + 1)
                .startsWith("job snapshot", "epoch 0").endsWith("state CANCELLED");
    }

    @Test
    void aStuckClientDoesNotHoldUpTheOthers() throws Exception {
        RecordingEmitter stuck = new RecordingEmitter(true);
        RecordingEmitter healthy = new RecordingEmitter(false);
        events.subscribe(job, "snapshot", stuck);
        assertThat(stuck.sending.await(5, TimeUnit.SECONDS)).isTrue();
        events.subscribe(job, "snapshot", healthy);

        events.publish(job, "epoch", 0);
        events.publish(job, "epoch", 1);
        events.complete(job, "FAILED");

        await().atMost(Duration.ofSeconds(5)).until(() -> healthy.completed);
        assertThat(healthy.sent).containsExactly("job snapshot", "epoch 0", "epoch 1", "state FAILED");
        assertThat(stuck.completed).isFalse();
        stuck.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> stuck.completed);
        assertThat(stuck.sent).last().isEqualTo("state FAILED");
    }

    @Test
    void aClientThatWentAwayGetsNothingMore() {
        RecordingEmitter gone = new RecordingEmitter(false);
        gone.failSends = true;
        RecordingEmitter other = new RecordingEmitter(false);
        events.subscribe(job, "snapshot", gone);
        events.subscribe(job, "snapshot", other);
        await().atMost(Duration.ofSeconds(5)).until(() -> gone.attempts == 1 && other.sent.size() == 1);

        events.publish(job, "epoch", 0);
        events.complete(job, "SUCCEEDED");

        await().atMost(Duration.ofSeconds(5)).until(() -> other.completed);
        assertThat(other.sent).containsExactly("job snapshot", "epoch 0", "state SUCCEEDED");
        assertThat(gone.attempts).as("sends to the client that went away").isEqualTo(1);
        assertThat(gone.completed).isFalse();
    }

    @Test
    void theStreamsOfOneResourceAreListedUntilItCompletesAndNonCoalescingEventsAreAllSent() {
        UUID experiment = UUID.randomUUID();
        try (EventStreams streams = new EventStreams("test-events-", 1)) {
            RecordingEmitter client = new RecordingEmitter(false);
            streams.subscribe(experiment, "experiment", "snapshot", client);
            assertThat(streams.subscribed()).containsExactly(experiment);

            streams.publish(experiment, "run", "a", false);
            streams.publish(experiment, "run", "b", false);
            streams.publish(UUID.randomUUID(), "run", "elsewhere", false);
            streams.complete(experiment, "state", "SUCCEEDED");

            assertThat(streams.subscribed()).isEmpty();
            await().atMost(Duration.ofSeconds(5)).until(() -> client.completed);
            assertThat(client.sent).containsExactly("experiment snapshot", "run a", "run b", "state SUCCEEDED");
        }
    }

    /** Records "name data" of each event it is sent; optionally blocks in send() until released. */
    private static final class RecordingEmitter extends SseEmitter {

        private static final Pattern EVENT = Pattern.compile("event:(\\S+)\\ndata:(.*)\\n\\n", Pattern.DOTALL);

        final List<String> sent = new CopyOnWriteArrayList<>();
        final CountDownLatch sending = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final boolean blocks;
        volatile boolean failSends;
        volatile int attempts;
        volatile boolean completed;

        RecordingEmitter(boolean blocks) {
            this.blocks = blocks;
        }

        @Override
        public void send(SseEventBuilder event) throws IOException {
            attempts++;
            sending.countDown();
            if (failSends) {
                throw new IOException("broken pipe");
            }
            if (blocks) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            String text = event.build().stream().map(ResponseBodyEmitter.DataWithMediaType::getData).map(String::valueOf)
                    .collect(Collectors.joining());
            Matcher matcher = EVENT.matcher(text);
            assertThat(matcher.matches()).as(text).isTrue();
            sent.add(matcher.group(1) + " " + matcher.group(2));
        }

        @Override
        public void complete() {
            completed = true;
        }
    }
}
