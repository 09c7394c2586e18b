package dev.convnet.storage;

import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where models, checkpoints and other artifacts are kept ({@code convnet.storage.*}).
 *
 * @param type  {@code local}: the data directory, this node's alone; {@code s3}: an S3-compatible bucket that
 *              every node shares
 * @param s3    the bucket, when {@code type} is {@code s3}
 * @param cache the node's local copies of objects read from the bucket
 */
@ConfigurationProperties("convnet.storage")
public record StorageProperties(@DefaultValue("local") Type type, @DefaultValue S3 s3, @DefaultValue Cache cache) {

    public enum Type { LOCAL, S3 }

    /**
     * @param endpoint  the S3 API's URI (MinIO, Ceph, GCS interoperability); none for AWS itself
     * @param bucket    an existing bucket
     * @param pathStyle bucket in the path rather than the host name, as most non-AWS servers need
     * @param accessKey with {@code secretKey}; both absent: the AWS SDK's default credential chain
     * @param prefix    prepended to every object key, e.g. {@code convnet/}
     */
    public record S3(URI endpoint, String bucket, @DefaultValue("us-east-1") String region,
                     @DefaultValue("true") boolean pathStyle, String accessKey, String secretKey,
                     @DefaultValue("") String prefix) {
    }

    /**
     * @param dir     the only local path a node needs with {@code s3}; may be emptied at any time
     * @param maxSize least recently used objects are deleted beyond it
     */
    public record Cache(@DefaultValue("data/cache") Path dir, @DefaultValue("2GB") DataSize maxSize) {
    }
}
