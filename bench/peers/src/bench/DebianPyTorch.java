package bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's PyTorch (python3-torch) running bench/pytorch_bench.py in a subprocess, on the same sizes as the JVM's engines. */
record DebianPyTorch(Map<String, String> options, int threads) {

    static final String ENGINE = PeerBenchmark.DEBIAN_PYTORCH;
    static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (\"[^\"]*\"|[-0-9.eE]+)");

    void run(PeerBenchmark bench, int run) throws Exception {
        if (new ProcessBuilder("/usr/bin/python3", "-c", "import torch").start().waitFor() != 0) {
            System.err.println("Debian's PyTorch skipped: /usr/bin/python3 cannot import torch (apt-get install python3-torch)");
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("/usr/bin/python3", "bench/pytorch_bench.py", options.get("mnist"),
                "--gemm-size", "0", "--cifar-train-iters", "0", "--cifar-epoch-images", options.get("cifar-images"),
                "--lenet-images", options.get("lenet-images"), "--infer-batches", options.get("infer-batches"),
                "--latency-runs", options.get("latency-calls"))).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().put("BENCH_THREADS", Integer.toString(threads));
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null) {
                Map<String, String> fields = new LinkedHashMap<>();
                Matcher m = FIELD.matcher(line);
                while (m.find()) {
                    fields.put(m.group(1), m.group(2).replace("\"", ""));
                }
                switch (fields.getOrDefault("name", "")) {
                    case "info" -> System.err.println("Debian's PyTorch: " + line);
                    case "lenet_train" -> bench.record(PeerBenchmark.WORKLOADS.get(0), ENGINE, run, number(fields, "epoch_images_per_s"));
                    case "cifar_epoch" -> bench.record(PeerBenchmark.WORKLOADS.get(1), ENGINE, run, number(fields, "images_per_s"));
                    case "cifar_infer256" -> bench.record(PeerBenchmark.WORKLOADS.get(2), ENGINE, run, number(fields, "images_per_s"));
                    case "cifar_infer1" -> bench.record(PeerBenchmark.WORKLOADS.get(3), ENGINE, run, number(fields, "median_ms"));
                    default -> System.err.println("Debian's PyTorch: " + line);
                }
            }
        }
        if (process.waitFor() != 0) {
            throw new IllegalStateException("bench/pytorch_bench.py exited with " + process.exitValue());
        }
    }

    private static double number(Map<String, String> fields, String key) {
        return Double.parseDouble(fields.get(key));
    }
}
