package dev.convnet.engine.runtime;

import java.lang.management.ManagementFactory;

/**
 * ND4J keeps tensors off the Java heap, where the JVM's own limits do not reach; without a cap a large
 * batch can take the whole machine (24 GB resident was observed). JavaCPP reads its caps once, when it
 * first loads, so they are set here, before anything touches ND4J, unless the operator already set them
 * (-Dorg.bytedeco.javacpp.maxbytes=..., as the Docker image and Helm chart do).
 */
public final class NativeMemoryLimits {

    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";

    private NativeMemoryLimits() {
    }

    /** Off-heap tensors up to 50% of the machine's memory, the whole process up to 85%. */
    public static void applyDefaults() {
        long total = totalPhysicalMemory();
        if (total <= 0) {
            return;
        }
        setIfAbsent(MAX_BYTES, total / 2);
        setIfAbsent(MAX_PHYSICAL_BYTES, total * 85 / 100);
    }

    private static void setIfAbsent(String property, long bytes) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Long.toString(bytes));
        }
    }

    static long totalPhysicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }
}
