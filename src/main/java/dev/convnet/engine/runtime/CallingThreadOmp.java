package dev.convnet.engine.runtime;

import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs native work of the calling thread on a single OpenMP thread.
 *
 * <p>A forward pass of a few images is dozens of tiny native ops; with two OpenMP threads each op pays a
 * fork/join, and when the cores are shared (other jobs, a training on the same node) a descheduled team member
 * stalls every op. On the 2-core host, CIFAR-CNN batch-1 latency went from 27.6 ms to 5.6 ms median under
 * load 8-9 (docs/BENCHMARKS.md, appendix, "Levers for CIFAR batch-1 latency"). libnd4j's {@code setOmpNumThreads} is
 * {@code omp_set_num_threads}, which in libgomp sets the calling thread's own ICV: a training running on
 * another thread keeps its threads. The previous value is restored afterwards.
 */
public final class CallingThreadOmp {

    private CallingThreadOmp() {
    }

    public static <T> T singleThreaded(Supplier<T> work) {
        NativeOps ops = nativeOps();
        int before = ops.ompGetMaxThreads();
        if (before <= 1) {
            return work.get();
        }
        ops.setOmpNumThreads(1);
        try {
            return work.get();
        } finally {
            ops.setOmpNumThreads(before);
        }
    }

    /** Sets the OpenMP threads of native ops started from the calling thread, until changed again. */
    static void setForCurrentThread(int threads) {
        nativeOps().setOmpNumThreads(threads);
    }

    /** OpenMP threads that native ops started from the calling thread would use now. */
    public static int maxThreads() {
        return nativeOps().ompGetMaxThreads();
    }

    private static NativeOps nativeOps() {
        Nd4j.getExecutioner(); // NativeOpsHolder needs the backend initialised first
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
