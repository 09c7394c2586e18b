package dev.convnet.engine.onnx;

/** A network the ONNX export cannot promise DL4J's answers for; it names the layer and why. */
public class OnnxExportException extends RuntimeException {

    public OnnxExportException(String message) {
        super(message);
    }
}
