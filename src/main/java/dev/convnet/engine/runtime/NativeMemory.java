package dev.convnet.engine.runtime;

import org.bytedeco.javacpp.Pointer;

/**
 * How much native memory the node has for tensors, and the last check before ND4J allocates. libnd4j allocates
 * outside JavaCPP's accounting, and an allocation it cannot satisfy is not an exception but a SIGSEGV that takes
 * the JVM down (measured: a 64 GB array on a 24 GB node), so sizes are checked before anything is allocated.
 */
public final class NativeMemory {

    /**
     * Allocations this small are not checked: asking the kernel (a read of /proc/meminfo) would cost a prediction
     * more than the allocation, and what crashed the JVM were allocations thousands of times larger.
     */
    private static final long UNCHECKED_BYTES = 64L << 20;

    private NativeMemory() {
    }

    /**
     * The off-heap cap this node runs with: JavaCPP's {@value NativeMemoryLimits#MAX_BYTES} when the operator set it
     * (the Docker image and Helm chart do), else the default {@link NativeMemoryLimits#applyDefaults()} applies,
     * half the machine's memory.
     */
    public static long offHeapCapBytes() {
        if (System.getProperty(NativeMemoryLimits.MAX_BYTES) != null) {
            return Pointer.maxBytes();
        }
        long total = NativeMemoryLimits.totalPhysicalMemory();
        return total > 0 ? total / 2 : Pointer.maxBytes();
    }

    /** Bytes that may be allocated now: what the kernel reports available, within the off-heap cap. */
    public static long availableBytes() {
        long available = Pointer.availablePhysicalBytes();
        long cap = offHeapCapBytes();
        return available > 0 ? Math.min(available, cap) : cap;
    }

    /**
     * @throws NativeMemoryExhaustedException when {@code bytes} cannot be allocated now; nothing was allocated
     */
    public static void require(long bytes, String what) {
        if (bytes <= UNCHECKED_BYTES) {
            return;
        }
        long available = availableBytes();
        if (bytes > available) {
            throw new NativeMemoryExhaustedException(what, bytes, available);
        }
    }
}
