package dev.convnet.engine.fit;

import dev.convnet.engine.dl4j.CompiledNetwork;
import java.util.List;

/** How a run ended, with the trained network and the per-epoch history. */
public record TrainingOutcome(Status status, CompiledNetwork network, List<EpochResult> history) {

    public enum Status { COMPLETED, STOPPED_EARLY, CANCELLED }
}
