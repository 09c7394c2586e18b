package dev.convnet.inference;

/**
 * The native memory of the models loaded for prediction, against {@code convnet.limits.loaded-models-memory}. A
 * model is charged its estimate before its networks are built, marked retiring when it is evicted, replaced or
 * deleted (its queued requests still run), and released once its networks are closed. Room for a new model counts
 * retiring charges as free, since they end without anything new being loaded; {@link #usedBytes()} still counts them
 * until their networks are closed, as the process's memory does.
 */
final class ServingMemory {

    private final long budgetBytes;
    private long usedBytes;
    private long retiringBytes;

    ServingMemory(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("the loaded models' memory budget must be positive, was " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    long budgetBytes() {
        return budgetBytes;
    }

    /** Bytes charged to models whose networks are not closed yet, retiring ones included. */
    synchronized long usedBytes() {
        return usedBytes;
    }

    /** Bytes a new model may take now: the budget less what models that keep serving hold. */
    synchronized long freeBytes() {
        return Math.max(0, budgetBytes - (usedBytes - retiringBytes));
    }

    /** Charges {@code bytes} if they fit in {@link #freeBytes()}; null if they do not (nothing charged). */
    synchronized Charge tryCharge(long bytes, String engine) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a charge cannot be negative: " + bytes);
        }
        if (bytes > budgetBytes - (usedBytes - retiringBytes)) {
            return null;
        }
        usedBytes += bytes;
        return new Charge(bytes, engine);
    }

    /** One model's networks' estimate; retiring and release are idempotent. */
    final class Charge {
        private final long bytes;
        private final String engine;
        private boolean retiring;
        private boolean released;

        private Charge(long bytes, String engine) {
            this.bytes = bytes;
            this.engine = engine;
        }

        long bytes() {
            return bytes;
        }

        String engine() {
            return engine;
        }

        /** The model stopped taking requests: its bytes are as good as free for the next model to load. */
        void retiring() {
            synchronized (ServingMemory.this) {
                if (!retiring && !released) {
                    retiring = true;
                    retiringBytes += bytes;
                }
            }
        }

        /** Its networks are closed (or were never built). */
        void release() {
            synchronized (ServingMemory.this) {
                if (released) {
                    return;
                }
                released = true;
                usedBytes -= bytes;
                if (retiring) {
                    retiringBytes -= bytes;
                }
            }
        }

        boolean released() {
            synchronized (ServingMemory.this) {
                return released;
            }
        }
    }
}
