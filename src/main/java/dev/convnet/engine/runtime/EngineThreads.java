package dev.convnet.engine.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much of the machine the calling thread's native work may take: its OpenMP thread count and its OS
 * scheduling priority. Training and serving share a node; these are the two levers that keep predictions
 * fast while a training runs (docs/BENCHMARKS.md, "Serving while training").
 *
 * <p>Both settings are per thread and reach the threads it starts later: libgomp keeps one thread team per
 * thread that opens parallel regions, sized by that thread's own {@code omp_set_num_threads}, and Linux
 * copies a thread's nice value into every thread it creates (OpenMP team, batch-preparation threads). So a
 * thread must apply them before its first native op.
 */
public final class EngineThreads {

    private static final Logger log = LoggerFactory.getLogger(EngineThreads.class);
    private static final Path CURRENT_THREAD = Path.of("/proc/thread-self");

    private EngineThreads() {
    }

    /**
     * Process-wide: the threads OpenBLAS (dense layers' matrix products) uses. Per-thread caps do not reach this
     * pool, and its idle threads spin in sched_yield, taking a core from whatever else runs. 0 or less leaves it.
     */
    public static void setBlasThreads(int threads) {
        if (threads > 0) {
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }

    public static int blasThreads() {
        return Nd4j.factory().blas().getMaxThreads();
    }

    /** Caps the OpenMP threads of every native op the calling thread starts from now on; 0 or less leaves it as is. */
    public static void capCurrentThread(int threads) {
        if (threads > 0 && threads < CallingThreadOmp.maxThreads()) {
            CallingThreadOmp.setForCurrentThread(threads);
        }
    }

    /** OpenMP threads the calling thread's native ops use now. */
    public static int currentThreadCap() {
        return CallingThreadOmp.maxThreads();
    }

    /**
     * Lowers the OS scheduling priority of the calling thread to {@code niceness} (0-19, higher yields more), so
     * that the threads at the default priority (HTTP, inference workers) take the cores first when they need them.
     * Only Linux has per-thread nice values; the JDK cannot set them, so this runs {@code renice} on the thread's
     * id (lowering a priority needs no privilege). Never raises a priority.
     *
     * @return the niceness the thread has afterwards; empty where it cannot be read (not Linux)
     */
    public static OptionalInt lowerCurrentThreadPriority(int niceness) {
        OptionalInt current = currentThreadNiceness();
        if (current.isEmpty() || niceness <= current.getAsInt()) {
            return current;
        }
        String threadId = currentThreadId();
        try {
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(Math.min(niceness, 19)), "-p", threadId)
                    .redirectErrorStream(true).start();
            String output = new String(renice.getInputStream().readAllBytes()).trim();
            if (!renice.waitFor(10, TimeUnit.SECONDS) || renice.exitValue() != 0) {
                log.warn("Could not lower the priority of thread {} to niceness {}: renice said '{}'", threadId, niceness, output);
            }
        } catch (IOException e) {
            log.warn("Could not lower the priority of thread {} to niceness {}: {}", threadId, niceness, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return currentThreadNiceness();
    }

    /** The calling thread's nice value; empty where there is no /proc/thread-self. */
    public static OptionalInt currentThreadNiceness() {
        try {
            String stat = Files.readString(CURRENT_THREAD.resolve("stat"));
            // fields after the parenthesised command name: state is field 3, nice is field 19
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[19 - 3]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    private static String currentThreadId() {
        try {
            return Files.readSymbolicLink(CURRENT_THREAD).getFileName().toString(); // "<pid>/task/<tid>"
        } catch (IOException e) {
            throw new IllegalStateException("no /proc/thread-self", e);
        }
    }
}
