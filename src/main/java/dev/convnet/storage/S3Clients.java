package dev.convnet.storage;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client from {@code convnet.storage.s3.*}. */
final class S3Clients {

    private S3Clients() {
    }

    static S3Client create(StorageProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("convnet.storage.s3.bucket (CONVNET_STORAGE_S3_BUCKET) must name a bucket "
                    + "when convnet.storage.type is s3");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                // Only where the API demands them: many S3-compatible servers reject the SDK's default trailing
                // checksums, and every read is checked against the SHA-256 in the database anyway.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(StorageProperties.S3 settings) {
        boolean hasAccessKey = settings.accessKey() != null && !settings.accessKey().isBlank();
        boolean hasSecretKey = settings.secretKey() != null && !settings.secretKey().isBlank();
        if (hasAccessKey != hasSecretKey) {
            throw new IllegalStateException("convnet.storage.s3.access-key and convnet.storage.s3.secret-key must be set "
                    + "together (or neither, for the AWS SDK's default credential chain)");
        }
        return hasAccessKey
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
    }
}
