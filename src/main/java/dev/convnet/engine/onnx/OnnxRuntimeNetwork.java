package dev.convnet.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import dev.convnet.common.Tensor;
import dev.convnet.definition.InputShape;
import dev.convnet.engine.ServingNetwork;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;

/**
 * An exported model in an ONNX Runtime session. A session may run several batches at once (ONNX Runtime's
 * {@code Run} is thread-safe), so one serves all of a model's workers; each call runs on the calling thread plus
 * {@code intraOpThreads - 1} of the session's own.
 */
public final class OnnxRuntimeNetwork implements ServingNetwork {

    public static final String ENGINE = "onnxruntime";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final InputShape inputShape;

    private OnnxRuntimeNetwork(OrtEnvironment environment, OrtSession session, InputShape inputShape) {
        this.environment = environment;
        this.session = session;
        this.inputShape = inputShape;
    }

    /**
     * A session for a model {@link OnnxModelWriter} wrote.
     *
     * @throws OnnxRuntimeException when ONNX Runtime cannot load (no native library for this platform) or
     *                              refuses the model
     */
    public static OnnxRuntimeNetwork open(byte[] model, InputShape inputShape, int intraOpThreads) {
        try {
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            try (SessionOptions options = new SessionOptions()) {
                options.setIntraOpNumThreads(Math.max(1, intraOpThreads));
                options.setInterOpNumThreads(1);
                options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
                // Waiting threads sleep instead of spinning: a spinning pool takes the cores a training job on the
                // same node is promised (convnet.training.min-cpu-share).
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                return new OnnxRuntimeNetwork(environment, environment.createSession(model, options), inputShape);
            }
        } catch (OrtException | UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            throw new OnnxRuntimeException("ONNX Runtime cannot run the model: " + e.getMessage(), e);
        }
    }

    @Override
    public Tensor predict(Tensor inputs) {
        int[] expected = {inputs.shape()[0], inputShape.height(), inputShape.width(), inputShape.channels()};
        if (inputs.rank() != 4 || !Arrays.equals(inputs.shape(), expected)) {
            throw new IllegalArgumentException("inputs must have shape [batch, " + inputShape.height() + ", "
                    + inputShape.width() + ", " + inputShape.channels() + "], got " + Arrays.toString(inputs.shape()));
        }
        long[] shape = Arrays.stream(expected).asLongStream().toArray();
        try (OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(inputs.data()), shape);
             OrtSession.Result result = session.run(Map.of(OnnxModelWriter.INPUT, input))) {
            OnnxTensor output = (OnnxTensor) result.get(0);
            long[] outputShape = output.getInfo().getShape();
            FloatBuffer values = output.getFloatBuffer();
            float[] data = new float[values.remaining()];
            values.get(data);
            return new Tensor(Arrays.stream(outputShape).mapToInt(Math::toIntExact).toArray(), data);
        } catch (OrtException e) {
            throw new OnnxRuntimeException("ONNX Runtime failed on a batch of " + expected[0] + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new OnnxRuntimeException("cannot close an ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
