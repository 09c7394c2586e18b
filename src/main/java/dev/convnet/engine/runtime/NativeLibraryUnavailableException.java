package dev.convnet.engine.runtime;

/**
 * A feature whose native library JavaCPP does not publish for this platform (HDF5 on macOS arm64). The request is
 * fine and the rest of the service works: the API answers 501 with what to do instead, not a 500.
 */
public class NativeLibraryUnavailableException extends RuntimeException {

    public NativeLibraryUnavailableException(String feature, String instead, Throwable cause) {
        super(feature + " needs a native library that is not available for " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + "; " + instead, cause);
    }
}
