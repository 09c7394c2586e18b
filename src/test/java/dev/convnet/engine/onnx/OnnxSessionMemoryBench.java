package dev.convnet.engine.onnx;

import dev.convnet.common.Tensor;
import dev.convnet.definition.Architecture;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.dl4j.CompiledNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resident memory ONNX Runtime sessions hold, as the JVM's RSS growth over N open sessions of one model, once
 * created and once after a batch-1 run; the numbers behind {@link OnnxSessionMemory}'s formula (not a test).
 * Run after {@code ./mvnw -o test-compile} with the test classpath
 * ({@code ./mvnw -q dependency:build-classpath -Dmdep.outputFile=cp.txt}):
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.convnet.engine.onnx.OnnxSessionMemoryBench 32 2}
 * (sessions, intra-op threads); {@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch} keeps the heap's growth out of the RSS.
 */
public final class OnnxSessionMemoryBench {

    private static final String BIG_DENSE = """
            {"name": "dense-33mb", "inputShape": [32, 32, 3], "layers": [
             {"type": "conv2d", "filters": 32, "kernelSize": 3, "activation": "relu"},
             {"type": "maxPooling2d", "poolSize": 2}, {"type": "flatten"},
             {"type": "dense", "units": 1024, "activation": "relu"}, {"type": "dense", "units": 10, "activation": "softmax"}]}""";

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        var mapper = JsonMapper.builder().build();
        List<Architecture> models = new ArrayList<>();
        for (String preset : List.of("detector", "lenet5", "cifar10-cnn")) {
            models.add(new DefinitionParser().parse(mapper.readTree(
                    OnnxSessionMemoryBench.class.getResourceAsStream("/presets/" + preset + ".json"))).architecture());
        }
        models.add(new DefinitionParser().parse(mapper.readTree(BIG_DENSE)).architecture());
        NetworkCompiler compiler = new NetworkCompiler();
        // ONNX Runtime's library and environment load once per process: not a session's cost.
        warmUp(compiler, models.get(0));
        System.out.println("intra-op threads " + threads + "; model, initializer MB, sessions, RSS growth per session created MB, after a batch-1 run MB,"
                + " (after run - initializers) / initializers, estimate MB");
        for (Architecture architecture : models) {
            CompiledNetwork network = compiler.compile(architecture, 7);
            network.setKerasWeights(OnnxExportParityTest.randomWeights(network.weightSlots(), new Random(7)));
            byte[] model = OnnxModelWriter.write(architecture, network.kerasWeights(), "bench");
            long initializers = OnnxSessionMemory.initializerBytes(model);
            var shape = architecture.definition().inputShape();
            Tensor one = new Tensor(new int[] {1, shape.height(), shape.width(), shape.channels()}, new float[shape.size()]);
            settle();
            long before = rss();
            List<OnnxRuntimeNetwork> open = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                open.add(OnnxRuntimeNetwork.open(model, shape, threads));
            }
            settle();
            long created = rss();
            open.forEach(session -> session.predict(one));
            settle();
            long ran = rss();
            open.forEach(OnnxRuntimeNetwork::close);
            double createdPer = (created - before) / (double) sessions;
            double ranPer = (ran - before) / (double) sessions;
            System.out.printf(Locale.ROOT, "%s, %.2f, %d, %.2f, %.2f, %.2f, %.2f%n", architecture.definition().name(),
                    mb(initializers), sessions, mb(createdPer), mb(ranPer), (ranPer - initializers) / initializers,
                    mb(OnnxSessionMemory.estimateBytes(model)));
        }
    }

    private static void warmUp(NetworkCompiler compiler, Architecture architecture) {
        CompiledNetwork network = compiler.compile(architecture, 1);
        byte[] model = OnnxModelWriter.write(architecture, network.kerasWeights(), "bench");
        var shape = architecture.definition().inputShape();
        try (OnnxRuntimeNetwork session = OnnxRuntimeNetwork.open(model, shape, 1)) {
            session.predict(new Tensor(new int[] {1, shape.height(), shape.width(), shape.channels()}, new float[shape.size()]));
        }
    }

    private static void settle() throws InterruptedException {
        System.gc();
        Thread.sleep(500);
    }

    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    private static double mb(double bytes) {
        return bytes / (1 << 20);
    }
}
