package dev.convnet.engine.runtime;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start-up refusal of the native binary into Spring Boot's "APPLICATION FAILED TO START" report. */
class NativeBinaryFailureAnalyzer extends AbstractFailureAnalyzer<NativeBinaryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, NativeBinaryException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Remove " + NativeBinaries.SETTING + " (or set it to auto) to let the service choose, or build the "
                        + "service on the machine that runs it: ./mvnw package packs the binaries of the build host's platform.",
                cause);
    }
}
