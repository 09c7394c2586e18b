package dev.convnet.definition;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Keras's {@code model.summary()} as data. */
@Schema(description = "Keras-style model summary: per-layer output shapes and parameter counts")
public record ModelSummary(
        @Schema(example = "lenet5") String name,
        List<Row> layers,
        @Schema(example = "545546") long totalParams,
        @Schema(example = "545546") long trainableParams,
        @Schema(example = "0") long nonTrainableParams) {

    @Schema(description = "One layer as Keras prints it")
    public record Row(
            @Schema(example = "conv2d") String name,
            @Schema(example = "Conv2D") String type,
            @ArraySchema(arraySchema = @Schema(description = "Output shape, batch dimension null", example = "[null, 28, 28, 6]"),
                    schema = @Schema(types = {"integer", "null"})) List<Integer> outputShape,
            @Schema(example = "156") long params) {
    }

    public static ModelSummary of(Architecture architecture) {
        List<Row> rows = architecture.layers().stream()
                .map(l -> new Row(l.layer().name(), l.layer().kerasType(), l.output().withBatch(), l.params()))
                .toList();
        return new ModelSummary(architecture.definition().name(), rows, architecture.totalParams(),
                architecture.trainableParams(), architecture.nonTrainableParams());
    }

    /**
     * The table as classic Keras prints it (line length 65, columns at 45% and 85%, a field cut one
     * character before the next column), which is the layout of the lesson's output.
     */
    public String toText() {
        int width = 65;
        int[] stops = {29, 55, 65};
        StringBuilder text = new StringBuilder();
        text.append("Model: \"").append(name).append("\"\n");
        text.append("_".repeat(width)).append('\n');
        text.append(row(stops, "Layer (type)", "Output Shape", "Param #")).append('\n');
        text.append("=".repeat(width)).append('\n');
        for (int i = 0; i < layers.size(); i++) {
            Row layer = layers.get(i);
            text.append(row(stops, layer.name() + " (" + layer.type() + ")", shapeText(layer.outputShape()),
                    String.valueOf(layer.params()))).append('\n');
            text.append((i == layers.size() - 1 ? "=" : "_").repeat(width)).append('\n');
        }
        text.append(String.format("Total params: %,d%n", totalParams));
        text.append(String.format("Trainable params: %,d%n", trainableParams));
        text.append(String.format("Non-trainable params: %,d%n", nonTrainableParams));
        text.append("_".repeat(width)).append('\n');
        return text.toString();
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
