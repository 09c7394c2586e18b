package dev.convnet.inference;

/** A request that does not follow the Open Inference Protocol, or does not fit the model; 400. */
class InferenceProtocolException extends RuntimeException {

    InferenceProtocolException(String message) {
        super(message);
    }
}
