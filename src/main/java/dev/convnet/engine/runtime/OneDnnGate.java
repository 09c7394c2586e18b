package dev.convnet.engine.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deeplearning4j.config.DL4JClassLoading;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu;
import org.nd4j.nativeblas.NativeOps;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Restores the switch that DL4J 1.0.0-M2.1 uses to decide whether its oneDNN layer helpers may be created.
 *
 * <p>{@code BaseMKLDNNHelper.mklDnnEnabled()} (called by every {@code MKLDNN*Helper.checkSupported()}) looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment} through {@link DL4JClassLoading} and calls its static
 * {@code getInstance()} and then {@code isUseMKLDNN()}. In M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method was renamed
 * {@code isUseONEDNN()}, so the lookup always fails, DL4J caches the failure, and no layer ever gets its helper.
 * There is no property to bypass the lookup, so we define a class under the old name whose
 * {@code isUseMKLDNN()} forwards to the real flag, {@code Nd4jCpu.Environment.isUseONEDNN()}. It is generated at
 * run time (the project keeps no sources in ND4J's packages) and defined next to {@link NativeOps} so DL4J's
 * class loader finds it.
 */
final class OneDnnGate {

    static final String LEGACY_ENVIRONMENT_CLASS = "org.nd4j.nativeblas.Nd4jCpu$Environment";

    private OneDnnGate() {
    }

    /**
     * Makes {@code BaseMKLDNNHelper.mklDnnEnabled()} answer with ND4J's own oneDNN flag. Idempotent.
     *
     * @return whether DL4J now considers oneDNN usable
     */
    static synchronized boolean open() {
        // Without the class below, asking DL4J would make it cache a failure; only ask once the class exists.
        if (!legacyClassVisibleToDl4j()) {
            defineLegacyEnvironmentClass();
        }
        forgetCachedFailure();
        return BaseMKLDNNHelper.mklDnnEnabled();
    }

    /** Whether DL4J would attach a oneDNN helper to a layer created now (without poisoning DL4J's cache). */
    static boolean isOpen() {
        return legacyClassVisibleToDl4j() && BaseMKLDNNHelper.mklDnnEnabled();
    }

    private static boolean legacyClassVisibleToDl4j() {
        try {
            Class.forName(LEGACY_ENVIRONMENT_CLASS, false, DL4JClassLoading.getDl4jClassloader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void defineLegacyEnvironmentClass() {
        try {
            MethodHandles.privateLookupIn(NativeOps.class, MethodHandles.lookup()).defineClass(legacyEnvironmentBytes());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot define " + LEGACY_ENVIRONMENT_CLASS + " beside ND4J's NativeOps", e);
        }
        if (!legacyClassVisibleToDl4j()) {
            throw new IllegalStateException(LEGACY_ENVIRONMENT_CLASS
                    + " was defined but DL4J's class loader does not see it; was DL4JClassLoading's loader changed?");
        }
    }

    /**
     * <pre>
     * public final class Nd4jCpu$Environment {
     *     public static Object getInstance() { return null; }      // only used as receiver of the static below
     *     public static boolean isUseMKLDNN() {                    // ND4J's own switch under its new name
     *         return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
     *     }
     * }
     * </pre>
     */
    private static byte[] legacyEnvironmentBytes() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                LEGACY_ENVIRONMENT_CLASS.replace('.', '/'), null, "java/lang/Object", null);

        MethodVisitor getInstance = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "getInstance",
                "()Ljava/lang/Object;", null, null);
        getInstance.visitCode();
        getInstance.visitInsn(Opcodes.ACONST_NULL);
        getInstance.visitInsn(Opcodes.ARETURN);
        getInstance.visitMaxs(0, 0);
        getInstance.visitEnd();

        MethodVisitor isUse = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "isUseMKLDNN", "()Z", null, null);
        isUse.visitCode();
        String environment = Type.getInternalName(Nd4jCpu.Environment.class);
        isUse.visitMethodInsn(Opcodes.INVOKESTATIC, environment, "getInstance", "()L" + environment + ";", false);
        isUse.visitMethodInsn(Opcodes.INVOKEVIRTUAL, environment, "isUseONEDNN", "()Z", false);
        isUse.visitInsn(Opcodes.IRETURN);
        isUse.visitMaxs(0, 0);
        isUse.visitEnd();

        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * DL4J remembers a failed lookup for the life of the JVM; a network built before {@link #open()} would
     * otherwise disable helpers for every later network.
     */
    private static void forgetCachedFailure() {
        try {
            Field failedCheck = BaseMKLDNNHelper.class.getDeclaredField("FAILED_CHECK");
            failedCheck.setAccessible(true);
            AtomicBoolean failed = (AtomicBoolean) failedCheck.get(null);
            if (failed != null && failed.get()) {
                failedCheck.set(null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Only matters when a network was built before open(); mklDnnEnabled() below then reports false.
        }
    }
}
