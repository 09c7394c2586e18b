package dev.convnet.dataset;

import dev.convnet.storage.ArtifactStorage;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetSettingsTest {

    @Configuration
    @EnableConfigurationProperties({DatasetSettings.class, FolderDatasetSettings.class})
    static class Config {
    }

    /** Without the process environment: CI sets CONVNET_DATASETS_DIR, which would bind over the defaults. */
    private final ApplicationContextRunner runner = new ApplicationContextRunner(() -> {
        var context = new org.springframework.context.annotation.AnnotationConfigApplicationContext();
        context.setEnvironment(new org.springframework.core.env.AbstractEnvironment() { });
        return context;
    }).withUserConfiguration(Config.class);

    @Test
    void hasUsableDefaults() {
        runner.run(context -> {
            DatasetSettings settings = context.getBean(DatasetSettings.class);
            assertThat(settings.dir()).isEqualTo(Path.of("data/datasets"));
            assertThat(settings.downloadEnabled()).isTrue();
            assertThat(settings.baseUrls()).isEmpty();
            assertThat(settings.maxDownloadSize()).isEqualTo(DataSize.ofMegabytes(256));
            assertThat(settings.upload().maxEntries()).isEqualTo(100_000);
            assertThat(settings.upload().maxImagePixels()).isEqualTo(4096L * 4096);
        });
    }

    @Test
    void bindsPropertiesIncludingMirrorsPerDatasetFolder() {
        runner.withPropertyValues(
                "convnet.datasets.dir=../shared/datasets",
                "convnet.datasets.download-enabled=false",
                "convnet.datasets.base-urls.cifar-10=file:/srv/mirror/cifar/",
                "convnet.datasets.base-urls.fashion-mnist=http://mirror.example/fashion/",
                "convnet.datasets.max-download-size=10MB",
                "convnet.datasets.upload.max-entries=7",
                "convnet.datasets.upload.max-uncompressed-size=2MB").run(context -> {
            DatasetSettings settings = context.getBean(DatasetSettings.class);
            assertThat(settings.dir()).isEqualTo(Path.of("../shared/datasets"));
            assertThat(settings.downloadEnabled()).isFalse();
            assertThat(settings.baseUrls()).containsEntry("cifar-10", URI.create("file:/srv/mirror/cifar/"))
                    .containsEntry("fashion-mnist", URI.create("http://mirror.example/fashion/"));
            assertThat(settings.maxDownloadSize()).isEqualTo(DataSize.ofMegabytes(10));
            assertThat(settings.upload().maxEntries()).isEqualTo(7);
            assertThat(settings.upload().maxUncompressedSize()).isEqualTo(DataSize.ofMegabytes(2));
            assertThat(settings.upload().maxDecodedSize()).isEqualTo(DataSize.ofGigabytes(1));
        });
    }

    @Test
    void theComponentsWireTogether() {
        runner.withUserConfiguration(DatasetCatalog.class, DatasetLocator.class, DatasetDownloader.class,
                        BuiltInDatasetLoader.class, UploadedDatasetStore.class, ZipDatasetImporter.class, FolderDatasets.class)
                .withBean(PublishedDatasets.class, () -> PublishedDatasets.NONE)
                .withBean(RegisteredFolders.class, () -> RegisteredFolders.NONE)
                .withBean(ArtifactStorage.class, () -> Mockito.mock(ArtifactStorage.class)) // the files are in datasets.dir
                .withPropertyValues("convnet.datasets.dir=../shared/datasets", "convnet.datasets.upload-dir=target/none")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ZipDatasetImporter.class);
                    assertThat(context.getBean(DatasetCatalog.class).describe("mnist").available()).isTrue();
                });
    }
}
