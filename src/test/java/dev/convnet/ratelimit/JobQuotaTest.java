package dev.convnet.ratelimit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobQuotaTest {

    private final JobQuota quota = new JobQuota(new RateLimitProperties(true, null, null, null, 10, 2,
            Duration.ofSeconds(45)));

    @Test
    void aCallerBelowItsMaximumMaySubmitAndAtItIsRefusedWithRetryAfter() {
        assertThatNoException().isThrownBy(() -> quota.checkOneMore("alice", 1));
        assertThatThrownBy(() -> quota.checkOneMore("alice", 2))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(429);
                    assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("45");
                    assertThat(e.getBody().getProperties()).containsEntry("maxConcurrentJobs", 2)
                            .containsEntry("activeJobs", 2L);
                    assertThat(e.getBody().getDetail()).contains("alice", "max-concurrent-jobs = 2");
                });
    }

    @Test
    void oneCallersSubmissionsRunOneAtATimeWhileAnotherCallersDoNotWait() throws Exception {
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> quota.exclusively("alice", () -> {
            firstInside.countDown();
            await(releaseFirst);
        }));
        assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicBoolean secondRan = new AtomicBoolean();
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> quota.exclusively("alice", () -> secondRan.set(true)));
        CompletableFuture.runAsync(() -> quota.exclusively(otherStripeThan("alice"), () -> { }))
                .get(10, TimeUnit.SECONDS);
        Thread.sleep(200);
        assertThat(secondRan).as("alice's second submission while her first is inside").isFalse();

        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);
        second.get(10, TimeUnit.SECONDS);
        assertThat(secondRan).isTrue();
    }

    /** A caller whose lock is not alice's (callers share one of 64 locks by hash). */
    private static String otherStripeThan(String caller) {
        for (int i = 0; ; i++) {
            String other = "caller-" + i;
            if (Math.floorMod(other.hashCode(), 64) != Math.floorMod(caller.hashCode(), 64)) {
                return other;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
