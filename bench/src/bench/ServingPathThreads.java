package bench;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import dev.convnet.engine.EngineProperties;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.onnx.OnnxModelWriter;
import dev.convnet.engine.onnx.OnnxRuntimeNetwork;
import dev.convnet.engine.runtime.EngineThreads;
import dev.convnet.engine.runtime.NativeBinaries;
import dev.convnet.inference.ServingEngine;
import dev.convnet.inference.ServingPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The service's in-process prediction path (batching workers above ONNX Runtime, {@link ServingPath}) on the CIFAR-10
 * CNN, for each {@code convnet.inference.threads-per-worker} given: one caller at batch 1 (median ms) and batch 256
 * (img/s), and 8 callers at batch 1 (img/s); beside them the same ONNX Runtime session called directly. The settings
 * alternate within each round.
 *
 * <p>Usage: bench/run.sh bench.ServingPathThreads [threads per worker, comma-separated; 0 is auto, default 0,2]
 * [rounds, default 3]
 */
public final class ServingPathThreads {

    public static void main(String[] args) throws Exception {
        NativeBinaries.selectFromSystemSettings();
        String[] settings = (args.length > 0 ? args[0] : "0,2").split(",");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Architecture cifar = ConvnetBenchmark.preset("cifar10-cnn");
        CompiledNetwork trained = new NetworkCompiler().compile(cifar, 42);
        EngineThreads.setBlasThreads(EngineProperties.defaults().blasThreads());
        Random random = new Random(5);
        Tensor one = ConvnetBenchmark.randomTensor(random, 1);
        Tensor many = ConvnetBenchmark.randomTensor(random, 256);

        Map<String, List<String>> rows = new LinkedHashMap<>();
        OnnxRuntimeNetwork bare = OnnxRuntimeNetwork.open(OnnxModelWriter.write(cifar, trained.kerasWeights(), "bench"),
                cifar.definition().inputShape(), Runtime.getRuntime().availableProcessors());
        Map<String, ServingPath> paths = new LinkedHashMap<>();
        for (String setting : settings) {
            var properties = ServingPath.properties(ServingEngine.AUTO, Integer.parseInt(setting));
            ServingPath path = ServingPath.of(trained, properties);
            paths.put(path.engine() + ", " + properties.workersPerModel() + " workers sharing one session of "
                    + properties.onnxRuntimeIntraOpThreads() + " intra-op threads (threads-per-worker=" + setting + ")", path);
        }
        // a new session's first runs grow its memory arena: every path is warm before the first round
        Map<String, java.util.function.DoubleSupplier> warmUps = new LinkedHashMap<>();
        warmUps.put("bare", () -> bare.predict(many).data()[0]);
        paths.forEach((label, path) -> warmUps.put(label, () -> path.predict(many).data()[0]));
        warmUps.values().forEach(call -> Timings.throughput(call, 8));
        for (int round = 0; round < rounds; round++) {
            rows.computeIfAbsent("the ONNX Runtime session alone, called directly, " + Runtime.getRuntime().availableProcessors()
                    + " intra-op threads", l -> new ArrayList<>()).add(String.format(Locale.ROOT, "%.2f ms / %.0f img/s / -",
                    Timings.medianMillis(() -> bare.predict(one).data()[0], 300),
                    Timings.throughput(() -> bare.predict(many).data()[0], 8)));
            for (var entry : paths.entrySet()) {
                ServingPath path = entry.getValue();
                double latency = Timings.medianMillis(() -> path.predict(one).data()[0], 300);
                double batch = Timings.throughput(() -> path.predict(many).data()[0], 8);
                double concurrent = path.throughput(one, 8, 3.0);
                rows.computeIfAbsent(entry.getKey(), l -> new ArrayList<>()).add(String.format(Locale.ROOT,
                        "%.2f ms / %.0f img/s / %.0f img/s", latency, batch, concurrent));
            }
        }
        paths.values().forEach(ServingPath::close);
        bare.close();
        System.out.println("| serving path | round: batch 1 median, 1 caller / batch 256, 1 caller / batch 1, 8 callers |");
        System.out.println("|---|---|");
        rows.forEach((label, values) -> System.out.println("| " + label + " | " + String.join("; ", values) + " |"));
    }
}
