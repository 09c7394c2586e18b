package dev.convnet.engine.runtime;

/**
 * A native allocation refused before it was attempted: it would not fit in the memory the node has now. The
 * request may succeed later, when other networks or batches have released theirs (503 with Retry-After).
 */
public class NativeMemoryExhaustedException extends RuntimeException {

    private final long requiredBytes;
    private final long availableBytes;

    public NativeMemoryExhaustedException(String what, long requiredBytes, long availableBytes) {
        super(what + " needs an estimated " + requiredBytes + " bytes of native memory, but only " + availableBytes
                + " bytes are available on this node now");
        this.requiredBytes = requiredBytes;
        this.availableBytes = availableBytes;
    }

    public long requiredBytes() {
        return requiredBytes;
    }

    public long availableBytes() {
        return availableBytes;
    }
}
