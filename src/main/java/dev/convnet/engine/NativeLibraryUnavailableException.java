package dev.convnet.engine;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A feature whose native library JavaCPP does not publish for this platform (HDF5 on macOS arm64): the request is
 * fine and the rest of the service works, so 501 with what to do instead, not a 500.
 */
public class NativeLibraryUnavailableException extends ErrorResponseException {

    public NativeLibraryUnavailableException(String feature, String instead, Throwable cause) {
        super(HttpStatus.NOT_IMPLEMENTED, problem(feature, instead), cause);
    }

    private static ProblemDetail problem(String feature, String instead) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_IMPLEMENTED,
                feature + " needs a native library that is not available for " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch") + "; " + instead);
        problem.setTitle("Not available on this platform");
        return problem;
    }
}
