package dev.convnet.training;

import dev.convnet.engine.fit.EpochResult;
import dev.convnet.engine.fit.IterationProgress;

/**
 * Epochs as clients see them, numbered from 1 as Keras prints them ("Epoch 1/10"): in the job view, its history, the
 * events, the metrics and the messages. The engine and the stored job rows count from 0; every conversion is here.
 */
final class ClientEpochs {

    private ClientEpochs() {
    }

    /** The number clients see for the epoch the engine counts as {@code index}. */
    static int number(int index) {
        return index + 1;
    }

    static EpochResult numbered(EpochResult result) {
        return new EpochResult(number(result.epoch()), result.loss(), result.accuracy(), result.validationLoss(),
                result.validationAccuracy(), result.learningRate(), result.seconds(), result.examplesPerSecond());
    }

    static IterationProgress numbered(IterationProgress progress) {
        return new IterationProgress(number(progress.epoch()), progress.iteration(), progress.batchInEpoch(),
                progress.batchesPerEpoch(), progress.examplesSeen(), progress.loss(), progress.accuracy(),
                progress.examplesPerSecond(), progress.learningRate());
    }
}
