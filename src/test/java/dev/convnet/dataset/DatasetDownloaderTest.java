package dev.convnet.dataset;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Downloads from a local HTTP server and from file: URLs, through the locator as the service uses it. */
class DatasetDownloaderTest {

    @TempDir
    Path dataDir;

    @TempDir
    Path mirror;

    private HttpServer server;
    /** Bytes served per path. */
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    /** Paths whose transfer breaks off halfway, after announcing the full length. */
    private final Map<String, Boolean> breakOff = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            byte[] body = served.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body, 0, breakOff.containsKey(path) ? body.length / 2 : body.length);
            out.flush();
            // For a short body, closing fails and the server drops the connection, as a broken transfer does.
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI serverUrl(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void serveTinyIdx(String prefix) {
        TinyDatasets.IDX_FILES.forEach((name, content) -> served.put(prefix + name + ".gz", TestData.gzip(content)));
    }

    private DatasetSettings settings(boolean downloadEnabled, Map<String, URI> baseUrls, DataSize maxDownload) {
        return new DatasetSettings(dataDir, dataDir.resolve("uploads"), downloadEnabled, baseUrls, maxDownload,
                DatasetSettings.Upload.defaults(), java.util.List.of());
    }

    private DatasetLocator locator(DatasetSettings settings) {
        return new DatasetLocator(settings, new DatasetDownloader(settings));
    }

    private List<String> dataDirEntries() throws IOException {
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.map(path -> path.getFileName().toString()).toList();
        }
    }

    @Test
    void downloadsVerifiesAndInstallsGzippedIdxFilesThenLoadsThem() throws IOException {
        serveTinyIdx("/mnist/");
        BuiltInDataset tiny = TinyDatasets.idx(serverUrl("/mnist"));
        DatasetLocator locator = locator(settings(true, Map.of(), DataSize.ofMegabytes(1)));

        assertThat(locator.isAvailable(tiny)).isFalse();
        Path folder = locator.locate(tiny);

        assertThat(folder).isEqualTo(dataDir.resolve("tiny").toAbsolutePath());
        assertThat(Files.readAllBytes(folder.resolve("t10k-labels-idx1-ubyte.gz")))
                .isEqualTo(served.get("/mnist/t10k-labels-idx1-ubyte.gz"));
        assertThat(dataDirEntries()).containsExactly("tiny");
        DatasetSplits splits = new BuiltInDatasetLoader(locator).load(tiny);
        assertThat(splits.train().labels()).containsExactly(2, 0, 1);
        assertThat(splits.test().count()).isEqualTo(2);
    }

    @Test
    void aConfiguredBaseUrlReplacesTheCanonicalOne() {
        serveTinyIdx("/mirror/");
        BuiltInDataset tiny = TinyDatasets.idx(URI.create("http://127.0.0.1:1/nowhere/"));
        DatasetLocator locator = locator(settings(true, Map.of("tiny", serverUrl("/mirror")), DataSize.ofMegabytes(1)));

        locator.locate(tiny);

        assertThat(requests).containsOnlyKeys(served.keySet());
    }

    @Test
    void downloadsOnlyTheMissingFiles() throws IOException {
        serveTinyIdx("/m/");
        Path folder = Files.createDirectories(dataDir.resolve("tiny"));
        Files.write(folder.resolve("train-images-idx3-ubyte"), TinyDatasets.IDX_FILES.get("train-images-idx3-ubyte"));

        locator(settings(true, Map.of(), DataSize.ofMegabytes(1))).locate(TinyDatasets.idx(serverUrl("/m/")));

        assertThat(requests).doesNotContainKey("/m/train-images-idx3-ubyte.gz").hasSize(3);
        assertThat(folder.resolve("train-labels-idx1-ubyte.gz")).exists();
    }

    @Test
    void aCorruptDownloadIsDeletedAndReported() throws IOException {
        serveTinyIdx("/m/");
        byte[] corrupt = TinyDatasets.IDX_FILES.get("t10k-images-idx3-ubyte").clone();
        corrupt[corrupt.length - 1] ^= 1;
        served.put("/m/t10k-images-idx3-ubyte.gz", TestData.gzip(corrupt));
        DatasetLocator locator = locator(settings(true, Map.of(), DataSize.ofMegabytes(1)));

        assertThatThrownBy(() -> locator.locate(TinyDatasets.idx(serverUrl("/m/"))))
                .isInstanceOfSatisfying(DatasetUnavailableException.class, e -> {
                    assertThat(e.reason()).isEqualTo(DatasetUnavailableException.Reason.DOWNLOAD_FAILED);
                    assertThat(e.dataset()).isEqualTo("tiny");
                })
                .hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("SHA-256 of the content is")
                .hasMessageContaining("deleted")
                .hasMessageContaining("Put train-images-idx3-ubyte");
        assertThat(dataDirEntries()).isEmpty();
    }

    @Test
    void aTransferThatBreaksOffIsDeletedAndReported() throws IOException {
        serveTinyIdx("/m/");
        served.put("/m/train-images-idx3-ubyte.gz", TestData.gzip(TestData.idxImages(400, 20, 20)));
        breakOff.put("/m/train-images-idx3-ubyte.gz", true);

        assertThatThrownBy(() -> locator(settings(true, Map.of(), DataSize.ofMegabytes(1)))
                .locate(TinyDatasets.idx(serverUrl("/m/"))))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz")
                .hasMessageMatching("(?s).*(broke off|truncated).*");
        assertThat(dataDirEntries()).isEmpty();
    }

    @Test
    void aTruncatedFileServedCompletelyIsDeletedAndReported() throws IOException {
        serveTinyIdx("/m/");
        byte[] gzipped = served.get("/m/train-labels-idx1-ubyte.gz");
        served.put("/m/train-labels-idx1-ubyte.gz", Arrays.copyOf(gzipped, gzipped.length - 12));

        assertThatThrownBy(() -> locator(settings(true, Map.of(), DataSize.ofMegabytes(1)))
                .locate(TinyDatasets.idx(serverUrl("/m/"))))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("train-labels-idx1-ubyte.gz: truncated or corrupt gzip data");
        assertThat(dataDirEntries()).isEmpty();
    }

    @Test
    void reportsHttpErrorsAndOversizedDownloads() throws IOException {
        assertThatThrownBy(() -> locator(settings(true, Map.of(), DataSize.ofMegabytes(1)))
                .locate(TinyDatasets.idx(serverUrl("/absent/"))))
                .isInstanceOf(DatasetUnavailableException.class).hasMessageContaining("HTTP status 404");

        serveTinyIdx("/m/");
        assertThatThrownBy(() -> locator(settings(true, Map.of(), DataSize.ofBytes(20)))
                .locate(TinyDatasets.idx(serverUrl("/m/"))))
                .isInstanceOf(DatasetUnavailableException.class).hasMessageContaining("max-download-size");
        assertThat(dataDirEntries()).isEmpty();
    }

    @Test
    void offlineAndAbsentSaysWhichFilesToPutWhere() {
        serveTinyIdx("/m/");
        DatasetLocator locator = locator(settings(false, Map.of(), DataSize.ofMegabytes(1)));

        assertThatThrownBy(() -> locator.locate(TinyDatasets.idx(serverUrl("/m/"))))
                .isInstanceOfSatisfying(DatasetUnavailableException.class,
                        e -> assertThat(e.reason()).isEqualTo(DatasetUnavailableException.Reason.ABSENT))
                .hasMessageContaining("download-enabled=false")
                .hasMessageContaining("train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte")
                .hasMessageContaining("into the folder 'tiny' of the datasets directory (convnet.datasets.dir)")
                .hasMessageNotContaining(dataDir.toAbsolutePath().toString()); // clients are not told where files lie
        assertThat(requests).isEmpty();
    }

    @Test
    void fileUrlsWorkAsAMirror() throws IOException {
        for (Map.Entry<String, byte[]> file : TinyDatasets.IDX_FILES.entrySet()) {
            Files.write(mirror.resolve(file.getKey() + ".gz"), TestData.gzip(file.getValue()));
        }
        BuiltInDataset tiny = TinyDatasets.idx(URI.create("http://127.0.0.1:1/"));
        DatasetLocator locator = locator(settings(true, Map.of("tiny", mirror.toUri()), DataSize.ofMegabytes(1)));

        Path folder = locator.locate(tiny);

        assertThat(new BuiltInDatasetLoader(locator).load(tiny).train().count()).isEqualTo(3);
        assertThat(folder.resolve("t10k-images-idx3-ubyte.gz")).exists();
    }

    @Test
    void downloadsAndUnpacksAVerifiedTarGzArchive() throws IOException {
        byte[] archive = TinyDatasets.cifarArchive();
        served.put("/kriz/tiny-cifar.tar.gz", archive);
        BuiltInDataset cifar = TinyDatasets.cifar(serverUrl("/kriz/"), TestData.sha256(archive));
        DatasetLocator locator = locator(settings(true, Map.of(), DataSize.ofMegabytes(1)));

        Path folder = locator.locate(cifar);

        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrder("data_batch_1.bin", "test_batch.bin");
        }
        DatasetSplits splits = new BuiltInDatasetLoader(locator).load(cifar);
        assertThat(splits.train().labels()).containsExactly(3, 7);
        assertThat(splits.test().labels()).containsExactly(9);
        assertThat(dataDirEntries()).containsExactly("tiny-cifar");
    }

    @Test
    void anArchiveWithTheWrongChecksumIsDeletedAndReported() throws IOException {
        served.put("/kriz/tiny-cifar.tar.gz", TinyDatasets.cifarArchive());
        BuiltInDataset cifar = TinyDatasets.cifar(serverUrl("/kriz/"), "0".repeat(64));

        assertThatThrownBy(() -> locator(settings(true, Map.of(), DataSize.ofMegabytes(1))).locate(cifar))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("SHA-256 of the archive is")
                .hasMessageContaining("Put data_batch_1.bin, test_batch.bin (the files in tiny-cifar-bin/ of"
                        + " tiny-cifar.tar.gz");
        assertThat(dataDirEntries()).isEmpty();
    }

    @Test
    void anArchiveWithoutChecksumIsStillVerifiedStructurally() throws IOException {
        byte[] shortBatch = Arrays.copyOf(TinyDatasets.CIFAR_FILES.get("data_batch_1.bin"), 3073);
        served.put("/kriz/tiny-cifar.tar.gz", TestData.tarGz(Map.of(
                "tiny-cifar-bin/data_batch_1.bin", shortBatch,
                "tiny-cifar-bin/test_batch.bin", TinyDatasets.CIFAR_FILES.get("test_batch.bin"))));
        DatasetLocator locator = locator(settings(true, Map.of(), DataSize.ofMegabytes(1)));
        BuiltInDataset cifar = TinyDatasets.cifar(serverUrl("/kriz/"), null);

        assertThatThrownBy(() -> locator.locate(cifar))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("member tiny-cifar-bin/data_batch_1.bin has 3073 bytes, expected 6146");

        served.put("/kriz/tiny-cifar.tar.gz", TestData.tarGz(Map.of(
                "tiny-cifar-bin/test_batch.bin", TinyDatasets.CIFAR_FILES.get("test_batch.bin"))));
        assertThatThrownBy(() -> locator.locate(cifar))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("archive lacks tiny-cifar-bin/data_batch_1.bin");

        byte[] archive = TinyDatasets.cifarArchive();
        served.put("/kriz/tiny-cifar.tar.gz", Arrays.copyOf(archive, archive.length - 100));
        assertThatThrownBy(() -> locator.locate(cifar))
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("archive is truncated or corrupt");
        assertThat(dataDirEntries()).isEmpty();
    }
}
