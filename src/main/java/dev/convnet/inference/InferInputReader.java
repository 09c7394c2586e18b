package dev.convnet.inference;

import dev.convnet.common.BadRequestException;
import dev.convnet.common.NestedArrays;
import dev.convnet.common.Tensor;
import dev.convnet.image.InvertMode;
import dev.convnet.image.ResizeMode;
import dev.convnet.inference.OpenInferenceMessages.RequestInput;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Turns the one input tensor of an infer request into the model's NHWC batch, refusing what the protocol or the
 * model does not allow before anything runs: FP32 (values as the network takes them), UINT8 (raw 0..255 pixels,
 * scaled as in training), both [batch, height, width, channels]; or BYTES [batch] of base64 encoded image files.
 */
@Component
class InferInputReader {

    static final String INPUT_NAME = "input";
    static final List<String> DATATYPES = List.of("FP32", "UINT8", "BYTES");

    private final ImagePredictionService images;

    InferInputReader(ImagePredictionService images) {
        this.images = images;
    }

    Tensor read(ServableModel model, List<RequestInput> inputs) {
        if (inputs == null || inputs.size() != 1 || inputs.get(0) == null) {
            throw new InferenceProtocolException("'inputs' must hold exactly one tensor, named '" + INPUT_NAME + "', got "
                    + (inputs == null ? "none" : inputs.size()));
        }
        RequestInput input = inputs.get(0);
        if (!INPUT_NAME.equals(input.name())) {
            throw new InferenceProtocolException("input '" + input.name() + "' is not an input of model '" + model.name()
                    + "': its only input is '" + INPUT_NAME + "'");
        }
        if (!DATATYPES.contains(input.datatype())) {
            throw new InferenceProtocolException("input datatype must be one of " + DATATYPES + ", got '"
                    + input.datatype() + "'");
        }
        checkParameters(input.parameters(), "inputs[0].parameters");
        List<Integer> shape = shape(input.shape());
        if (input.data() == null || !input.data().isArray()) {
            throw new InferenceProtocolException("input 'data' must be a list");
        }
        List<JsonNode> values = new ArrayList<>();
        flatten(input.data(), values);
        long expected = elements(shape);
        if (values.size() != expected) {
            throw new InferenceProtocolException("input shape " + shape + " needs " + (expected < 0 ? "more than 2^63"
                    : expected) + " values in 'data', got " + values.size());
        }
        return input.datatype().equals("BYTES")
                ? encodedImages(model, shape, values, input.parameters())
                : pixels(model, input.datatype(), shape, values);
    }

    private Tensor encodedImages(ServableModel model, List<Integer> shape, List<JsonNode> values,
                                 Map<String, Object> parameters) {
        if (model.inputSpec() == null) {
            throw new InferenceProtocolException("model '" + model.name() + "' takes " + model.inputShape().channels()
                    + " channels, not images: send FP32 or UINT8");
        }
        if (shape.size() != 1 || shape.get(0) < 1) {
            throw new InferenceProtocolException("a BYTES input holds encoded images: shape must be [n] with n >= 1,"
                    + " got " + shape);
        }
        List<UploadedImage> uploads = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (!values.get(i).isString()) {
                throw new InferenceProtocolException("BYTES data[" + i + "] must be a base64 string");
            }
            try {
                uploads.add(new UploadedImage(null, Base64.getMimeDecoder().decode(values.get(i).asString())));
            } catch (IllegalArgumentException e) {
                throw new InferenceProtocolException("BYTES data[" + i + "] is not base64: " + e.getMessage());
            }
        }
        return images.preprocess(model, uploads, parameter(parameters, "resize", ResizeMode::fromParameter),
                parameter(parameters, "invert", InvertMode::fromParameter));
    }

    private static Tensor pixels(ServableModel model, String datatype, List<Integer> shape, List<JsonNode> values) {
        var in = model.inputShape();
        if (shape.size() != 4 || shape.get(0) < 1
                || !shape.subList(1, 4).equals(List.of(in.height(), in.width(), in.channels()))) {
            throw new InferenceProtocolException("input shape must be [batch, " + in.height() + ", " + in.width() + ", "
                    + in.channels() + "] (NHWC) with batch >= 1, got " + shape);
        }
        boolean bytes = datatype.equals("UINT8");
        float scale = bytes ? (float) model.inputSpec().scale() : 1f;
        float[] floats = new float[values.size()];
        for (int i = 0; i < floats.length; i++) {
            JsonNode value = values.get(i);
            if (bytes && !(value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 0
                    && value.intValue() <= 255)) {
                throw new InferenceProtocolException("data[" + i + "] must be an integer 0..255 for datatype UINT8, got "
                        + NestedArrays.abbreviated(value));
            }
            floats[i] = NestedArrays.float32(value, "data[" + i + "]") * scale;
        }
        return new Tensor(shape.stream().mapToInt(Integer::intValue).toArray(), floats);
    }

    private static List<Integer> shape(List<Number> dims) {
        if (dims == null) {
            throw new InferenceProtocolException("input 'shape' must be a list of integers");
        }
        List<Integer> shape = new ArrayList<>();
        for (Number dim : dims) {
            boolean integral = dim instanceof Integer || dim instanceof Long || dim instanceof BigInteger;
            if (!integral || dim.longValue() < 0 || dim.longValue() > Integer.MAX_VALUE
                    || (dim instanceof BigInteger big && big.bitLength() > 31)) {
                throw new InferenceProtocolException("input 'shape' must be a list of non-negative integers, got " + dims);
            }
            shape.add(dim.intValue());
        }
        return shape;
    }

    /** The protocol's parameter values are strings, numbers or booleans. */
    static void checkParameters(Map<String, Object> parameters, String field) {
        if (parameters == null) {
            return;
        }
        parameters.forEach((key, value) -> {
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
                throw new InferenceProtocolException("'" + field + "." + key + "' must be a string, number or boolean");
            }
        });
    }

    /** The number of values a shape holds; -1 when beyond a long. */
    private static long elements(List<Integer> shape) {
        long count = 1;
        for (int dim : shape) {
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return count;
    }

    private static <T> T parameter(Map<String, Object> parameters, String name, java.util.function.Function<String, T> parse) {
        Object value = parameters == null ? null : parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value.toString());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("parameters." + name, "input parameter " + e.getMessage());
        }
    }

    /** The protocol allows 'data' flat or nested as the shape; both become one flat list. */
    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node);
        }
    }
}
