package dev.convnet.engine.runtime;

import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Thread caps and priorities are per thread, reach the threads started afterwards, and never leak to others. */
class EngineThreadsTest {

    @Test
    void capLimitsOnlyTheCallingThread() throws Exception {
        int processDefault = EngineThreads.currentThreadCap();
        assumeTrue(processDefault > 1, "one core: nothing to cap");

        int capped = onNewThread(() -> {
            EngineThreads.capCurrentThread(1);
            return EngineThreads.currentThreadCap();
        });
        int uncapped = onNewThread(() -> {
            EngineThreads.capCurrentThread(0);
            return EngineThreads.currentThreadCap();
        });

        assertThat(capped).isEqualTo(1);
        assertThat(uncapped).isEqualTo(processDefault);
        assertThat(EngineThreads.currentThreadCap()).isEqualTo(processDefault);
    }

    @Test
    void lowerPriorityAppliesToTheThreadAndTheThreadsItStartsButNeverRaisesIt() throws Exception {
        OptionalInt own = EngineThreads.currentThreadNiceness();
        assumeTrue(own.isPresent() && own.getAsInt() < 7, "no per-thread nice values here");

        int[] seen = onNewThread(() -> {
            OptionalInt lowered = EngineThreads.lowerCurrentThreadPriority(7);
            AtomicReference<OptionalInt> child = new AtomicReference<>();
            Thread started = new Thread(() -> child.set(EngineThreads.currentThreadNiceness()));
            started.start();
            join(started);
            OptionalInt afterRaiseAttempt = EngineThreads.lowerCurrentThreadPriority(3);
            return new int[] {lowered.getAsInt(), child.get().getAsInt(), afterRaiseAttempt.getAsInt()};
        });

        assertThat(seen).containsExactly(7, 7, 7);
        assertThat(EngineThreads.currentThreadNiceness()).isEqualTo(own);
    }

    private static <T> T onNewThread(Supplier<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        thread.start();
        return result.get();
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
