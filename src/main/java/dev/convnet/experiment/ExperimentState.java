package dev.convnet.experiment;

/** RUNNING until every run ended; SUCCEEDED when at least one run of each variant succeeded. */
public enum ExperimentState {
    RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT;

    public boolean finished() {
        return this != RUNNING;
    }
}
