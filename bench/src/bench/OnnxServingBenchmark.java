package bench;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import dev.convnet.engine.EngineProperties;
import dev.convnet.engine.ServingNetwork;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.engine.onnx.OnnxModelWriter;
import dev.convnet.engine.onnx.OnnxRuntimeNetwork;
import dev.convnet.engine.runtime.EngineThreads;
import dev.convnet.engine.runtime.NativeBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The CIFAR-10 CNN preset served in process by the service's two engines: DL4J's channels-last serving network
 * ({@code CompiledNetwork.predict}, as a worker runs it) and its ONNX export in ONNX Runtime
 * ({@code OnnxRuntimeNetwork.predict}), both on 2 threads. Per run: batch-1 latency (median of the calls) and batch-256
 * throughput, the engines interleaved so that load from other processes falls on both; the machine's load average is
 * printed with each run, since the host is shared. Plain timing loops, no JMH: each figure is the median of hundreds
 * of calls (batch 1) or a few seconds of work (batch 256).
 *
 * <p>Options: --runs=3 --latency-calls=300 --batches=8 (batch-256 calls per run) --threads=2
 */
public final class OnnxServingBenchmark {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("runs", "3", "latency-calls", "300", "batches", "8",
                "threads", "2"));
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (!options.containsKey(kv[0]) || kv.length != 2) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + options.keySet());
            }
            options.put(kv[0], kv[1]);
        }
        NativeBinaries.selectFromSystemSettings();
        int runs = Integer.parseInt(options.get("runs"));
        int calls = Integer.parseInt(options.get("latency-calls"));
        int batches = Integer.parseInt(options.get("batches"));
        int threads = Integer.parseInt(options.get("threads"));

        Architecture cifar = ConvnetBenchmark.preset("cifar10-cnn");
        NetworkCompiler compiler = new NetworkCompiler();
        CompiledNetwork trained = compiler.compile(cifar, 42);
        EngineThreads.setBlasThreads(EngineProperties.defaults().blasThreads()); // the service's start-up setting
        EngineThreads.capCurrentThread(threads);
        Map<String, ServingNetwork> engines = new LinkedHashMap<>();
        engines.put("DL4J (channels-last serving network)", compiler.forServing(trained));
        engines.put("ONNX Runtime 1.22 (exported model)", OnnxRuntimeNetwork.open(
                OnnxModelWriter.write(cifar, trained.kerasWeights(), "bench"), cifar.definition().inputShape(), threads));

        Random random = new Random(5);
        Tensor one = ConvnetBenchmark.randomTensor(random, 1);
        Tensor many = ConvnetBenchmark.randomTensor(random, 256);
        List<ServingNetwork> list = new ArrayList<>(engines.values());
        System.out.printf(Locale.ROOT, "largest difference between the engines' outputs at batch 256: %.2e%n",
                maxDifference(list.get(0).predict(many), list.get(1).predict(many)));

        Map<String, double[]> latency = new LinkedHashMap<>();
        Map<String, double[]> throughput = new LinkedHashMap<>();
        engines.keySet().forEach(name -> {
            latency.put(name, new double[runs]);
            throughput.put(name, new double[runs]);
        });
        List<String> loads = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            String loadBefore = loadAverage();
            for (Map.Entry<String, ServingNetwork> engine : engines.entrySet()) {
                latency.get(engine.getKey())[run] = medianMillis(engine.getValue(), one, calls);
                throughput.get(engine.getKey())[run] = imagesPerSecond(engine.getValue(), many, batches);
            }
            loads.add("run " + (run + 1) + ": load average " + loadBefore + " before, " + loadAverage() + " after");
        }

        System.out.printf(Locale.ROOT, "%nCIFAR-10 CNN in process, %d threads, %d runs (%d calls at batch 1, %d at batch 256 per run)%n",
                threads, runs, calls, batches);
        System.out.println("| engine | batch 1, median ms (per run) | batch 256, img/s (per run) |");
        System.out.println("|---|---|---|");
        for (String name : engines.keySet()) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", name, format(latency.get(name), "%.2f"),
                    format(throughput.get(name), "%.0f"));
        }
        loads.forEach(System.out::println);
        System.out.println("CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores visible");
        engines.values().forEach(ServingNetwork::close);
    }

    private static double medianMillis(ServingNetwork network, Tensor input, int calls) {
        for (int i = 0; i < 30; i++) {
            network.predict(input);
        }
        double[] ms = new double[calls];
        for (int i = 0; i < calls; i++) {
            long start = System.nanoTime();
            network.predict(input);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms[calls / 2];
    }

    private static double imagesPerSecond(ServingNetwork network, Tensor input, int batches) {
        network.predict(input);
        network.predict(input);
        long start = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            network.predict(input);
        }
        return (double) batches * input.shape()[0] / ((System.nanoTime() - start) / 1e9);
    }

    private static double maxDifference(Tensor a, Tensor b) {
        double max = 0;
        for (int i = 0; i < a.data().length; i++) {
            max = Math.max(max, Math.abs(a.data()[i] - b.data()[i]));
        }
        return max;
    }

    /** The values of each run, then their median in bold. */
    private static String format(double[] values, String pattern) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<String> parts = new ArrayList<>();
        for (double value : values) {
            parts.add(String.format(Locale.ROOT, pattern, value));
        }
        return String.join(" / ", parts) + " (median **" + String.format(Locale.ROOT, pattern, sorted[sorted.length / 2]) + "**)";
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "n/a";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (Exception e) {
            return "unknown";
        }
    }
}
