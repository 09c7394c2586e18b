package dev.convnet.engine.fit;

/** One row of Keras's History: train and validation loss/accuracy of an epoch, and its learning rate. */
public record EpochResult(int epoch, double loss, double accuracy, Double validationLoss, Double validationAccuracy,
                          double learningRate, double seconds, double examplesPerSecond) {
}
