package dev.convnet.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for the storage tests: MinIO through Testcontainers where Docker runs, otherwise s3proxy
 * (an S3 API server on an in-memory store) in a JVM of its own, started from the executable jar the build copies
 * to {@code target/s3proxy/s3proxy.jar}: its own class path keeps its Jetty and Jackson away from Spring Boot's.
 * One server per test JVM, stopped when the JVM exits; each caller gets a new, empty bucket. On CI
 * ({@code CI=true}) a server that cannot start fails the test instead of skipping it.
 */
public final class S3TestServer {

    private static final String REGION = "us-east-1";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    /** Where a bucket is and how to sign in; {@link #properties()} are the service's settings for it. */
    public record Bucket(URI endpoint, String bucket, String accessKey, String secretKey) {

        public Map<String, String> properties() {
            return Map.of("convnet.storage.type", "s3", "convnet.storage.s3.endpoint", endpoint.toString(),
                    "convnet.storage.s3.bucket", bucket, "convnet.storage.s3.region", REGION,
                    "convnet.storage.s3.path-style", "true", "convnet.storage.s3.access-key", accessKey,
                    "convnet.storage.s3.secret-key", secretKey);
        }

        /** Points a Spring test context at this bucket. */
        public void register(DynamicPropertyRegistry registry) {
            properties().forEach((name, value) -> registry.add(name, () -> value));
        }

        /** The {@code --name=value} arguments that point a service JVM at this bucket. */
        public List<String> arguments() {
            return properties().entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toList();
        }

        /** A client for checking what the service stored; the caller closes it. */
        public S3Client client() {
            return S3TestServer.client(endpoint, accessKey, secretKey);
        }
    }

    private record Server(URI endpoint, String accessKey, String secretKey) {
    }

    private static Server server;

    private S3TestServer() {
    }

    /** A new, empty bucket on the test JVM's S3 server, which starts on first use. */
    public static synchronized Bucket newBucket() {
        if (server == null) {
            server = DockerClientFactory.instance().isDockerAvailable() ? startMinio() : startS3proxy();
        }
        String bucket = "convnet-test-" + UUID.randomUUID().toString().substring(0, 12);
        try (S3Client client = client(server.endpoint(), server.accessKey(), server.secretKey())) {
            client.createBucket(create -> create.bucket(bucket));
        }
        return new Bucket(server.endpoint(), bucket, server.accessKey(), server.secretKey());
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static Server startMinio() {
        MinIOContainer minio = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");
        minio.start();
        return new Server(URI.create(minio.getS3URL()), minio.getUserName(), minio.getPassword());
    }

    private static Server startS3proxy() {
        Path jar = Path.of(System.getProperty("convnet.test.s3proxy-jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            unavailable("Neither Docker nor s3proxy's jar (" + jar.toAbsolutePath() + ", copied by the build's "
                    + "generate-test-resources phase) is available");
        }
        String accessKey = "convnet-test";
        String secretKey = "convnet-test-secret";
        int port = freePort();
        try {
            Path config = Files.createTempFile("s3proxy-", ".properties");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + accessKey,
                    "s3proxy.credential=" + secretKey,
                    "jclouds.provider=transient",
                    "jclouds.identity=" + accessKey,
                    "jclouds.credential=" + secretKey, ""));
            Path log = Files.createTempFile("s3proxy-", ".log");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toAbsolutePath().toString(),
                    "--properties", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
            URI endpoint = URI.create("http://127.0.0.1:" + port);
            awaitListening(process, endpoint, log);
            return new Server(endpoint, accessKey, secretKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3proxy", e);
        }
    }

    /** Any HTTP answer (an anonymous request gets 403) means the server is up. */
    private static void awaitListening(Process process, URI endpoint, Path log) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for s3proxy", e);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("s3proxy did not answer within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    static S3Client client(URI endpoint, String accessKey, String secretKey) {
        return S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint)
                .region(Region.of(REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                // as the service's own client: s3proxy refuses the SDK's default streaming checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    private static void unavailable(String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(reason + " (on CI the S3 tests must run)");
        }
        Assumptions.abort(reason);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
