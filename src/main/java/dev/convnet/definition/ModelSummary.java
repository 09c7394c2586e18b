package dev.convnet.definition;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keras's {@code model.summary()} as data. A Sequential network lists its layers; a graph (Keras functional)
 * lists them as a functional model's {@code model.layers} does: its InputLayer first, and each row names the
 * tensors it reads ({@code connectedTo}).
 */
@Schema(description = "Keras-style model summary: per-layer output shapes and parameter counts; for graph models"
        + " an InputLayer row first and each layer's inputs, as Keras's functional summary shows them")
public record ModelSummary(
        @Schema(example = "lenet5") String name,
        List<Row> layers,
        @Schema(example = "545546") long totalParams,
        @Schema(example = "545546") long trainableParams,
        @Schema(example = "0") long nonTrainableParams) {

    /** What Keras's {@code summary()} shows for the input layer of a functional model: its name and class. */
    static final String INPUT_LAYER_TYPE = "InputLayer";

    @Schema(description = "One layer as Keras prints it")
    public record Row(
            @Schema(example = "conv2d") String name,
            @Schema(example = "Conv2D") String type,
            @ArraySchema(arraySchema = @Schema(description = "Output shape, batch dimension null", example = "[null, 28, 28, 6]"),
                    schema = @Schema(types = {"integer", "null"})) List<Integer> outputShape,
            @Schema(example = "156") long params,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @ArraySchema(arraySchema = @Schema(description = "Graph models only (absent for Sequential ones): the"
                    + " tensors this layer reads, in order, as Keras's \"Connected to\" column writes them"
                    + " (layer[node][tensor]); empty for the InputLayer", example = "[\"conv2d_1[0][0]\", \"conv2d[0][0]\"]"))
            List<String> connectedTo) {

        public Row {
            connectedTo = connectedTo == null ? null : List.copyOf(connectedTo);
        }

        /** A row of a Sequential summary, which has no "Connected to" column. */
        public Row(String name, String type, List<Integer> outputShape, long params) {
            this(name, type, outputShape, params, null);
        }
    }

    public ModelSummary {
        layers = List.copyOf(layers);
    }

    public static ModelSummary of(Architecture architecture) {
        ModelDefinition definition = architecture.definition();
        List<Row> rows = new ArrayList<>();
        if (definition.isGraph()) {
            String input = inputLayerName(definition);
            InputShape in = definition.inputShape();
            rows.add(new Row(input, INPUT_LAYER_TYPE, TensorShape.spatial(in.height(), in.width(), in.channels()).withBatch(),
                    0, List.of()));
            for (LayerShape l : architecture.layers()) {
                List<String> connections = definition.inputs().get(l.index()).stream()
                        .map(name -> (name.equals(ModelDefinition.MODEL_INPUT) ? input : name) + "[0][0]")
                        .toList();
                rows.add(new Row(l.layer().name(), l.layer().kerasType(), l.output().withBatch(), l.params(), connections));
            }
        } else {
            architecture.layers().forEach(l ->
                    rows.add(new Row(l.layer().name(), l.layer().kerasType(), l.output().withBatch(), l.params())));
        }
        return new ModelSummary(definition.name(), rows, architecture.totalParams(),
                architecture.trainableParams(), architecture.nonTrainableParams());
    }

    /** Keras names a model's first {@code Input} input_1; the next free number if a layer already took that name. */
    private static String inputLayerName(ModelDefinition definition) {
        Set<String> taken = new HashSet<>();
        definition.layers().forEach(layer -> taken.add(layer.name()));
        int number = 1;
        while (taken.contains("input_" + number)) {
            number++;
        }
        return "input_" + number;
    }

    /** Whether this is a graph's summary: its rows carry the "Connected to" column. */
    private boolean hasConnections() {
        return layers.stream().anyMatch(row -> row.connectedTo() != null);
    }

    /**
     * The table as Keras 2 prints it. Sequential: line length 65, columns ending at 45%, 85% and 100%. Graph
     * (a functional model that is not a plain chain): line length 98, columns ending at 33%, 55%, 67% and 100%,
     * a fourth column "Connected to" holding a layer's first input, each further input on a line of its own.
     * Either way a field is cut one character before the next column.
     */
    public String toText() {
        boolean graph = hasConnections();
        int width = graph ? 98 : 65;
        int[] stops = graph ? stops(width, .33, .55, .67, 1.) : stops(width, .45, .85, 1.);
        StringBuilder text = new StringBuilder();
        text.append("Model: \"").append(name).append("\"\n");
        text.append("_".repeat(width)).append('\n');
        String[] header = graph ? new String[] {"Layer (type)", "Output Shape", "Param #", "Connected to"}
                : new String[] {"Layer (type)", "Output Shape", "Param #"};
        text.append(row(stops, header)).append('\n');
        text.append("=".repeat(width)).append('\n');
        for (int i = 0; i < layers.size(); i++) {
            Row layer = layers.get(i);
            String nameAndType = layer.name() + " (" + layer.type() + ")";
            String params = String.valueOf(layer.params());
            if (graph) {
                // tf.keras reports an InputLayer's output shape as a list of one shape
                String shape = layer.type().equals(INPUT_LAYER_TYPE) ? "[" + shapeText(layer.outputShape()) + "]"
                        : shapeText(layer.outputShape());
                List<String> connections = layer.connectedTo();
                text.append(row(stops, nameAndType, shape, params, connections.isEmpty() ? "" : connections.get(0))).append('\n');
                for (int c = 1; c < connections.size(); c++) {
                    text.append(row(stops, "", "", "", connections.get(c))).append('\n');
                }
            } else {
                text.append(row(stops, nameAndType, shapeText(layer.outputShape()), params)).append('\n');
            }
            text.append((i == layers.size() - 1 ? "=" : "_").repeat(width)).append('\n');
        }
        text.append(String.format("Total params: %,d%n", totalParams));
        text.append(String.format("Trainable params: %,d%n", trainableParams));
        text.append(String.format("Non-trainable params: %,d%n", nonTrainableParams));
        text.append("_".repeat(width)).append('\n');
        return text.toString();
    }

    /** Keras's {@code [int(line_length * p) for p in positions]}. */
    private static int[] stops(int width, double... positions) {
        int[] stops = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            stops[i] = (int) (width * positions[i]);
        }
        return stops;
    }

    private static String row(int[] stops, String... fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.setLength(line.length() - 1);
                line.append(' ');
            }
            line.append(fields[i]);
            if (line.length() > stops[i]) {
                line.setLength(stops[i]);
            }
            line.append(" ".repeat(stops[i] - line.length()));
        }
        return line.toString();
    }

    private static String shapeText(List<Integer> shape) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(shape.get(i) == null ? "None" : shape.get(i));
        }
        return text.append(")").toString();
    }
}
