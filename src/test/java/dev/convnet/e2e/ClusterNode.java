package dev.convnet.e2e;

import dev.convnet.support.ApiClient;
import dev.convnet.support.PostgresTestDatabase;
import dev.convnet.support.S3TestServer;
import dev.convnet.support.ServiceProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One node of a cluster on one machine: a service JVM of its own ({@link ServiceProcess}) on the cluster's shared
 * database and bucket, with a data directory of its own that starts empty.
 */
record ClusterNode(String name, ServiceProcess process, Path dataDir, Path log, Duration startedIn) implements AutoCloseable {

    /**
     * What every node of one cluster shares, and how often its nodes check the change table. Uploaded datasets reach
     * other nodes through the bucket; each node unpacks its local copies under its own cache.
     */
    record Cluster(PostgresTestDatabase.Connection db, S3TestServer.Bucket bucket, Path dir, Duration versionCheckInterval) {

        /** Starts a node named {@code name} (also its job-engine name) with the roles given, and waits until it is ready. */
        ClusterNode start(String name, String roles) {
            Path dataDir = dir.resolve(name).resolve("data");
            Path log = dir.resolve(name + ".log");
            List<String> arguments = new ArrayList<>(List.of(
                    "--convnet.data-dir=" + dataDir,
                    "--convnet.datasets.upload-dir=" + dataDir.resolve("cache").resolve("uploaded-datasets"),
                    "--convnet.node.roles=" + roles,
                    "--convnet.training.node-name=" + name,
                    // a killed worker is presumed dead after six missed heartbeats
                    "--convnet.training.heartbeat=1s",
                    "--convnet.training.threads=1",
                    "--convnet.cluster.version-check-interval=" + versionCheckInterval.toMillis() + "ms",
                    "--convnet.datasets.download-enabled=false",
                    "--spring.datasource.url=" + db.url(),
                    "--spring.datasource.username=" + db.username(),
                    "--spring.datasource.password=" + db.password()));
            arguments.addAll(bucket.arguments());
            long start = System.nanoTime();
            ServiceProcess process = ServiceProcess.start(arguments, log);
            return new ClusterNode(name, process, dataDir, log, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    ApiClient api() {
        return process.api();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files this node wrote into its data directory, relative to it. */
    List<Path> localFiles() {
        if (!Files.exists(dataDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(Files::isRegularFile).map(dataDir::relativize).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as a crashed machine or an OOM kill. */
    void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
