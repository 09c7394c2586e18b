package dev.convnet.packaging;

import dev.convnet.engine.runtime.CpuFeatures;
import dev.convnet.engine.runtime.NativeBinaries;
import dev.convnet.engine.runtime.NativeBinarySelection;
import dev.convnet.engine.runtime.NativeBinarySelector;
import dev.convnet.support.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The artifact as users get it: the fat jar that {@code ./mvnw package} (and so the Docker image) ships, started
 * with {@code java -jar} on its embedded defaults, as a user or the container does. Runs in {@code ./mvnw verify},
 * after the jar is built.
 */
class PackagedJarIT {

    /** What each platform profile of pom.xml packs. */
    private static final Map<String, List<String>> BINARIES = Map.of(
            "linux-x86_64", List.of("linux-x86_64-onednn-avx512", "linux-x86_64-onednn-avx2", "linux-x86_64-onednn"),
            "linux-arm64", List.of("linux-arm64"),
            "macosx-x86_64", List.of("macosx-x86_64-onednn-avx2", "macosx-x86_64-onednn"),
            "macosx-arm64", List.of("macosx-arm64"),
            "windows-x86_64", List.of("windows-x86_64-onednn-avx512", "windows-x86_64-onednn-avx2", "windows-x86_64-onednn"));

    private static final Path JAR = Path.of(System.getProperty("convnet.packaged-jar", "target/convnet-service.jar"));
    private static final String PLATFORM = Loader.Detector.getPlatform();

    @TempDir
    Path dataDir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopServices() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theJarCarriesEveryNativeBuildOfItsPlatform() throws IOException {
        List<String> nested = new ArrayList<>();
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            jar.stream().map(entry -> entry.getName()).filter(name -> name.startsWith("BOOT-INF/lib/nd4j-native-1.0.0-M2.1"))
                    .forEach(nested::add);
            for (String classifier : BINARIES.get(PLATFORM)) {
                String entry = "BOOT-INF/lib/nd4j-native-1.0.0-M2.1-" + classifier + ".jar";
                assertThat(nested).contains(entry);
                assertThat(librariesIn(jar.getInputStream(jar.getEntry(entry))))
                        .as("native libraries in %s", entry)
                        .contains("org/nd4j/linalg/cpu/nativecpu/bindings/" + classifier + "/" + System.mapLibraryName("nd4jcpu"))
                        .contains("org/nd4j/linalg/cpu/nativecpu/bindings/" + classifier + "/" + System.mapLibraryName("jnind4jcpu"));
            }
        }
        // The Java side plus the platform's builds, nothing of another platform or a stray plain linux-x86_64 build.
        assertThat(nested).hasSize(BINARIES.get(PLATFORM).size() + 1);
    }

    /** ONNX Runtime's jar keeps every platform's libraries; the build drops their debug symbols (pom.xml). */
    @Test
    void theOnnxRuntimeJarCarriesItsLibrariesWithoutDebugSymbols() throws IOException {
        try (ZipFile jar = new ZipFile(JAR.toFile())) {
            java.util.zip.ZipEntry entry = jar.stream().filter(e -> e.getName().matches("BOOT-INF/lib/onnxruntime-[0-9.]+\\.jar"))
                    .findFirst().orElseThrow();
            assertThat(entry.getMethod()).as("nested jars are stored, as Boot's loader requires").isEqualTo(java.util.zip.ZipEntry.STORED);
            List<String> natives = new ArrayList<>();
            try (JarInputStream in = new JarInputStream(jar.getInputStream(entry))) {
                for (JarEntry file = in.getNextJarEntry(); file != null; file = in.getNextJarEntry()) {
                    if (file.getName().startsWith("ai/onnxruntime/native/") && !file.isDirectory()) {
                        natives.add(file.getName());
                    }
                }
            }
            assertThat(natives).contains("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
                    "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so",
                    "ai/onnxruntime/native/osx-x64/libonnxruntime.dylib",
                    "ai/onnxruntime/native/osx-aarch64/libonnxruntime.dylib",
                    "ai/onnxruntime/native/win-x64/onnxruntime.dll");
            assertThat(natives).noneMatch(name -> name.endsWith(".pdb") || name.contains(".dSYM/"));
        }
    }

    @Test
    void startedWithoutFlagsItLoadsTheFastestBuildThisCpuRunsAndTheDockerHealthCheckPasses() throws Exception {
        int port = freePort();
        long start = System.nanoTime();
        start(port, Map.of());
        JsonNode health = awaitHealth(port);
        ApiClient api = new ApiClient(port, generatedKey("admin"));
        System.out.printf("packaged jar: /actuator/health UP %.1f s after java -jar%n", (System.nanoTime() - start) / 1e9);

        NativeBinarySelection expected = NativeBinarySelector.choose(PLATFORM,
                NativeBinaries.onClasspath(PLATFORM), CpuFeatures.detect(), "auto");
        JsonNode nd4j = health.at("/components/nd4j/details");
        assertThat(health.get("status").stringValue()).isEqualTo("UP");
        assertThat(nd4j.get("binary").stringValue()).isEqualTo(expected.classifier());
        assertThat(nd4j.at("/binaryChoice/available").toString()).contains(BINARIES.get(PLATFORM).get(0));
        assertThat(nd4j.get("helpersActive").booleanValue()).isEqualTo(expected.variant().oneDnn());

        // The detector of the lesson answers 3.0 on the chosen build.
        String id = api.post("/api/v1/presets/detector/models", "").json().get("id").stringValue();
        assertThat(api.put("/api/v1/models/" + id + "/weights", "[[[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]],[[[0]],[[1]],[[0]]]],[0.0]]").status())
                .isEqualTo(200);
        String row = "[[0],[0],[0],[1],[1],[0],[0],[0]]";
        String image = "[" + String.join(",", java.util.Collections.nCopies(8, row)) + "]";
        assertThat(api.post("/api/v1/models/" + id + "/predict", "{\"inputs\": [" + image + "]}").json().get("outputs").toString())
                .isEqualTo("[[3.0]]");
        assertThat(api.get("/actuator/prometheus").body()).as("served by ONNX Runtime from the trimmed jar")
                .contains("convnet_inference_model_memory_bytes{engine=\"onnxruntime\"");

        String healthCheck = dockerHealthCheck();
        assertThat(runShell(healthCheck, port)).as("`%s` against the live service", healthCheck).isZero();
        stopServices();
        started.clear();
        assertThat(runShell(healthCheck, port)).as("`%s` with the service stopped", healthCheck).isNotZero();
    }

    @Test
    void theSettingOverridesTheChoice() throws Exception {
        List<String> builds = BINARIES.get(PLATFORM);
        String slowest = builds.get(builds.size() - 1).substring(PLATFORM.length());
        String requested = slowest.isEmpty() ? "plain" : slowest.substring(1);
        int port = freePort();
        start(port, Map.of(NativeBinaries.SETTING_ENVIRONMENT_VARIABLE, requested));

        JsonNode nd4j = awaitHealth(port).at("/components/nd4j/details");

        assertThat(nd4j.get("binary").stringValue()).isEqualTo(builds.get(builds.size() - 1));
        assertThat(nd4j.at("/binaryChoice/requested").stringValue()).isEqualTo(requested);
    }

    @Test
    void aBuildTheJarDoesNotCarryStopsTheStartWithWhatItCarries() throws Exception {
        Process process = start(freePort(), Map.of(NativeBinaries.SETTING_ENVIRONMENT_VARIABLE, "avx2"));

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the service exits").isTrue();
        String output = Files.readString(dataDir.resolve("service.log"));
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("this build carries no " + PLATFORM + "-avx2 binary");
    }

    private Process start(int port, Map<String, String> environment) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("service.log").toFile());
        builder.environment().put("CONVNET_DATA_DIR", dataDir.toString());
        builder.environment().remove(NativeBinaries.SETTING_ENVIRONMENT_VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /**
     * Waits for the open health status, then reads its details with the admin key the first start generated: the
     * key file is the owner's alone, and neither the log nor anonymous health shows what it holds.
     */
    private JsonNode awaitHealth(int port) throws Exception {
        JsonNode anonymous = awaitStatus(new ApiClient(port, null));
        assertThat(anonymous.has("components")).as("health details for anonymous callers").isFalse();
        Path keyFile = dataDir.resolve("api-keys");
        assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String adminKey = generatedKey("admin");
        assertThat(Files.readString(dataDir.resolve("service.log"))).contains(keyFile.toString()).doesNotContain(adminKey);
        ApiClient.Response detailed = new ApiClient(port, adminKey).get("/actuator/health");
        assertThat(detailed.status()).isEqualTo(200);
        return detailed.json();
    }

    /** The secret of the generated key with this id. */
    private String generatedKey(String id) throws IOException {
        return Files.readAllLines(dataDir.resolve("api-keys")).stream().filter(line -> line.startsWith(id + " "))
                .map(line -> line.split("\\s+")[2]).findFirst().orElseThrow();
    }

    private JsonNode awaitStatus(ApiClient api) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process process : started) {
                assertThat(process.isAlive()).as("service running; its log: %s", Files.readString(dataDir.resolve("service.log"))).isTrue();
            }
            try {
                ApiClient.Response response = api.get("/actuator/health");
                if (response.status() == 200) {
                    return response.json();
                }
            } catch (RuntimeException notListeningYet) {
                // connection refused until Tomcat is up
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no healthy service within 3 minutes: " + Files.readString(dataDir.resolve("service.log")));
    }

    /** The Dockerfile's HEALTHCHECK command line, exactly as the image runs it (shell form: /bin/sh -c). */
    private static String dockerHealthCheck() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile")).replace("\\\n", " ");
        Matcher healthCheck = Pattern.compile("(?m)^HEALTHCHECK .*?\\bCMD (.+)$").matcher(dockerfile);
        assertThat(healthCheck.find()).as("Dockerfile has a HEALTHCHECK in shell form").isTrue();
        return healthCheck.group(1).trim();
    }

    private static int runShell(String command, int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        Process process = builder.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static List<String> librariesIn(InputStream nestedJar) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarInputStream jar = new JarInputStream(nestedJar)) {
            for (JarEntry entry = jar.getNextJarEntry(); entry != null; entry = jar.getNextJarEntry()) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
