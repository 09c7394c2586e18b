package dev.convnet.storage;

import dev.convnet.common.ConvnetProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The artifact storage that {@code convnet.storage.type} names. */
@Configuration(proxyBeanMethods = false)
class ArtifactStorageConfiguration {

    // Not "artifactStorage": that is the health indicator's name, which the readiness group includes.
    @Bean
    ArtifactStorage artifactStore(StorageProperties storage, ConvnetProperties convnet, Clock clock) {
        return switch (storage.type()) {
            case LOCAL -> ArtifactStorage.inDirectory(convnet.dataDir());
            case S3 -> new S3ArtifactStorage(S3Clients.create(storage.s3()), storage.s3().bucket(), storage.s3().prefix(),
                    new ArtifactCache(storage.cache().dir(), storage.cache().maxSize().toBytes()), clock);
        };
    }
}
