package dev.convnet.engine.fit;

import dev.convnet.engine.dl4j.CompiledNetwork;

/** What a training run reports to, and asks of, whoever runs it. */
public interface TrainingObserver {

    void onIteration(IterationProgress progress);

    /** Called after each epoch with the network as it is then (for checkpoints). */
    void onEpoch(EpochResult result, CompiledNetwork network);

    /** Polled before every minibatch: true stops training within one batch. */
    boolean cancelRequested();
}
