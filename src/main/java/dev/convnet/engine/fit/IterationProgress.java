package dev.convnet.engine.fit;

/** Progress after one minibatch. {@code loss} and {@code accuracy} are running means over the epoch so far. */
public record IterationProgress(int epoch, int iteration, int batchInEpoch, int batchesPerEpoch, long examplesSeen,
                                double loss, double accuracy, double examplesPerSecond, double learningRate) {
}
