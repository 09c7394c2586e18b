package bench;

import dev.convnet.common.Tensor;
import dev.convnet.definition.DefinitionParser;
import dev.convnet.engine.EngineProperties;
import dev.convnet.engine.ServingNetwork;
import dev.convnet.engine.dl4j.NetworkCompiler;
import dev.convnet.inference.InferenceProperties;
import dev.convnet.inference.ServingPath;
import dev.convnet.engine.runtime.EngineThreads;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serving benchmark, three modes (driven by bench/serving.sh):
 * <ul>
 * <li>{@code ceiling <preset> <threads> <batch> <seconds>}: in-process img/s of the network alone, on the engine the
 *     service picks by default (ONNX Runtime, one session all threads share; DL4J, a copy per thread), each thread
 *     calling it as a worker does: the ceiling for the HTTP path;</li>
 * <li>{@code images <dir>}: writes the request bodies, a 28x28 digit PNG and a 32x32 colour PNG;</li>
 * <li>{@code load <url> <contentType> <file> <concurrency> <warmupSeconds> <seconds>}: closed-loop HTTP load,
 *     each client thread with its own connection sending the file as the body; prints req/s, p50, p99, errors.</li>
 * </ul>
 */
public final class ServingBenchmark {

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        switch (args[0]) {
            case "ceiling" -> ceiling(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            case "images" -> images(Path.of(args[1]));
            case "load" -> load(args[1], args[2], Path.of(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                    Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException("mode must be ceiling, images or load");
        }
    }

    private static void ceiling(String preset, int threads, int batch, int seconds) throws Exception {
        var document = JsonMapper.builder().build().readTree(resource("/presets/" + preset + ".json"));
        var architecture = new DefinitionParser().parse(document).architecture();
        // as in the service: OpenBLAS on its default thread count, each worker on its share of the cores
        EngineThreads.setBlasThreads(EngineProperties.defaults().blasThreads());
        InferenceProperties properties = ServingPath.properties(InferenceProperties.defaults().engine(), threads, 0);
        int threadsPerWorker = properties.effectiveThreadsPerWorker();
        List<ServingNetwork> networks = ServingPath.networks(new NetworkCompiler().compile(architecture, 42), properties);
        var shape = architecture.definition().inputShape();
        float[] data = new float[batch * shape.size()];
        Random random = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextFloat();
        }
        Tensor inputs = new Tensor(new int[] {batch, shape.height(), shape.width(), shape.channels()}, data);
        List<Thread> workers = new ArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        long[] counts = new long[threads];
        for (int t = 0; t < threads; t++) {
            ServingNetwork copy = networks.get(t);
            int index = t;
            Thread thread = new Thread(() -> {
                EngineThreads.capCurrentThread(threadsPerWorker);
                while (!stop.get()) {
                    copy.predict(inputs);
                    if (measuring.get()) {
                        counts[index] += batch;
                    }
                }
            });
            workers.add(thread);
            thread.start();
        }
        Thread.sleep(3000);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : workers) {
            thread.join();
        }
        System.out.printf("ceiling %s threads=%d batch=%d engine=%s: %.0f img/s%n", preset, threads, batch,
                networks.get(0).engine(), Arrays.stream(counts).sum() / elapsed);
        networks.stream().distinct().forEach(ServingNetwork::close);
    }

    private static InputStream resource(String name) {
        InputStream in = ServingBenchmark.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " not on the classpath");
        }
        return in;
    }

    private static void images(Path dir) throws Exception {
        Files.createDirectories(dir);
        BufferedImage digit = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = digit.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 28, 28);
        g.setColor(Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(2.5f));
        g.drawLine(14, 4, 14, 24);
        g.dispose();
        ImageIO.write(digit, "png", dir.resolve("digit.png").toFile());
        BufferedImage photo = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(3);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                photo.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        ImageIO.write(photo, "png", new File(dir.toFile(), "photo.png"));
    }

    private static void load(String url, String contentType, Path file, int concurrency, int warmupSeconds, int seconds)
            throws Exception {
        byte[] body = Files.readAllBytes(file);
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<long[]> latencies = new ArrayList<>();
        long[] errors = new long[concurrency];
        int[] sizes = new int[concurrency];
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int index = c;
            Thread thread = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).timeout(Duration.ofSeconds(30));
                // the key bench/service.sh read from the service's generated key file
                String key = System.getenv("CONVNET_API_KEY");
                if (key != null) {
                    builder.header("Authorization", "Bearer " + key);
                }
                HttpRequest request = builder.build();
                while (!stop.get()) {
                    long start = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long took = System.nanoTime() - start;
                    if (measuring.get()) {
                        if (status != 200) {
                            errors[index]++;
                        } else if (sizes[index] < mine.length) {
                            mine[sizes[index]++] = took;
                        }
                    }
                }
            });
            clients.add(thread);
            thread.start();
        }
        Thread.sleep(warmupSeconds * 1000L);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : clients) {
            thread.join();
        }
        int total = Arrays.stream(sizes).sum();
        long[] all = new long[total];
        int offset = 0;
        for (int c = 0; c < concurrency; c++) {
            System.arraycopy(latencies.get(c), 0, all, offset, sizes[c]);
            offset += sizes[c];
        }
        Arrays.sort(all);
        System.out.printf("load c=%d: %.0f req/s p50=%.2f ms p99=%.2f ms ok=%d errors=%d%n", concurrency, total / elapsed,
                percentile(all, 0.50) / 1e6, percentile(all, 0.99) / 1e6, total, Arrays.stream(errors).sum());
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
