package dev.convnet.engine.dl4j;

import dev.convnet.definition.InvalidDefinitionException;
import dev.convnet.definition.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Copies the parameters of one DL4J network into another of the same architecture. Layers are paired in
 * order among those that have parameters, so parameterless layers that one side spells differently (a
 * dropout in front of a layer, a trailing loss layer) do not shift the pairing. Everything is checked
 * before anything is written.
 */
final class ParameterTransfer {

    private ParameterTransfer() {
    }

    static void copy(MultiLayerNetwork source, MultiLayerNetwork target) {
        List<Layer> from = parameterized(source);
        List<Layer> to = parameterized(target);
        List<Violation> violations = new ArrayList<>();
        if (source.numParams() != target.numParams() || from.size() != to.size()) {
            throw new InvalidDefinitionException(Violation.document("layers", "the DL4J file has " + source.numParams()
                    + " parameters in " + from.size() + " layers, the definition it maps to " + target.numParams()
                    + " in " + to.size() + "; is the input shape right?"));
        }
        for (int i = 0; i < to.size(); i++) {
            Map<String, INDArray> expected = to.get(i).paramTable();
            Map<String, INDArray> actual = sourceTable(from.get(i));
            for (Map.Entry<String, INDArray> param : expected.entrySet()) {
                INDArray given = actual.get(param.getKey());
                if (given == null || !Arrays.equals(given.shape(), param.getValue().shape())) {
                    violations.add(Violation.document("layers", "DL4J layer '" + from.get(i).conf().getLayer().getLayerName()
                            + "' parameter '" + param.getKey() + "' has shape "
                            + (given == null ? "(missing)" : Arrays.toString(given.shape())) + ", the definition needs "
                            + Arrays.toString(param.getValue().shape()) + "; is the input shape right?"));
                }
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidDefinitionException(violations);
        }
        for (int i = 0; i < to.size(); i++) {
            Map<String, INDArray> actual = sourceTable(from.get(i));
            to.get(i).paramTable().forEach((key, param) -> param.assign(actual.get(key)));
        }
    }

    private static List<Layer> parameterized(MultiLayerNetwork network) {
        return Arrays.stream(network.getLayers()).filter(layer -> layer.numParams() > 0).toList();
    }

    /**
     * The layer's parameters; a batch normalization that keeps log10 of the standard deviation (DL4J's
     * default) is given the variance our networks keep: var = (10^log10std)^2, eps not included (checked
     * against DL4J's own output in Dl4jModelReaderTest; subtracting eps was off by ~1e-4).
     */
    private static Map<String, INDArray> sourceTable(Layer layer) {
        Map<String, INDArray> table = layer.paramTable();
        INDArray logStd = table.get(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        if (logStd == null) {
            return table;
        }
        INDArray std = Transforms.exp(logStd.mul(Math.log(10)), false);
        INDArray variance = std.muli(std);
        Map<String, INDArray> converted = new java.util.LinkedHashMap<>(table);
        converted.remove(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
        converted.put(BatchNormalizationParamInitializer.GLOBAL_VAR, variance);
        return converted;
    }
}
