package dev.convnet.storage;

import dev.convnet.common.FilesQuietly;
import dev.convnet.common.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3-compatible bucket that every node shares, each node reading through its own
 * {@link ArtifactCache}. A write goes to the cache first (that is where its SHA-256, hence its key, is learnt),
 * then to the bucket.
 */
final class S3ArtifactStorage implements ArtifactStorage, AutoCloseable {

    /**
     * How old an object no row names must be before a sweep deletes it: another node may have uploaded it and be
     * about to commit the row that names it; no upload-to-commit takes anywhere near this long.
     */
    static final Duration ORPHAN_GRACE = Duration.ofHours(1);

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final ArtifactCache cache;
    private final Clock clock;

    S3ArtifactStorage(S3Client s3, String bucket, String prefix, ArtifactCache cache, Clock clock) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix == null ? "" : prefix;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public StoredObject write(String directory, String suffix, AtomicFiles.Writer content) throws IOException {
        AtomicFiles.Written local = AtomicFiles.writeNamedByHash(cache.dir(), "", content);
        String key = directory + "/" + local.sha256() + suffix;
        boolean created = !exists(key);
        if (created) {
            call("upload", key, () -> s3.putObject(put -> put.bucket(bucket).key(prefix + key).contentLength(local.size()),
                    RequestBody.fromFile(local.path())));
        }
        cache.admit(local.path(), local.sha256());
        return new StoredObject(key, local.sha256(), local.size(), created);
    }

    @Override
    public Path read(String key, String sha256) throws IOException {
        if (sha256 != null) {
            Optional<Path> cached = cache.find(sha256);
            if (cached.isPresent()) {
                try {
                    ContentCheck.verify(key, cached.get(), sha256);
                    return cached.get();
                } catch (ArtifactIntegrityException damagedCopy) {
                    cache.forget(sha256); // the local copy, not the object, is damaged: fetch it again
                }
            }
        }
        return download(key, sha256);
    }

    private Path download(String key, String sha256) throws IOException {
        Path partial = cache.newPartialFile();
        try {
            try (InputStream in = s3.getObject(get -> get.bucket(bucket).key(prefix + key))) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchKeyException e) {
                throw new ArtifactMissingException(key, location());
            } catch (SdkException e) {
                throw failure("download", key, e);
            }
            ContentCheck.verify(key, partial, sha256);
            return cache.admit(partial, sha256 != null ? sha256 : Sha256.hexOfFile(partial));
        } finally {
            FilesQuietly.delete(partial);
        }
    }

    @Override
    public List<ListedObject> list(String directory) throws IOException {
        List<ListedObject> objects = new ArrayList<>();
        call("list", directory, () -> {
            for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix + directory + "/")).contents()) {
                objects.add(new ListedObject(object.key().substring(prefix.length()), object.size(), object.lastModified()));
            }
            return null;
        });
        return objects;
    }

    @Override
    public void delete(String key) throws IOException {
        call("delete", key, () -> s3.deleteObject(delete -> delete.bucket(bucket).key(prefix + key)));
    }

    @Override
    public void deleteAll(String directory) throws IOException {
        for (ListedObject object : list(directory)) {
            delete(object.key());
        }
    }

    @Override
    public List<String> deleteUnnamed(String directory, Set<String> named) throws IOException {
        Instant judgeable = clock.instant().minus(ORPHAN_GRACE);
        List<String> deleted = new ArrayList<>();
        for (ListedObject object : list(directory)) {
            if (!named.contains(object.key()) && object.lastModified().isBefore(judgeable)) {
                delete(object.key());
                deleted.add(object.key());
            }
        }
        return deleted;
    }

    @Override
    public void probe() throws IOException {
        call("reach the bucket", "", () -> s3.headBucket(head -> head.bucket(bucket)));
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public void close() {
        s3.close();
    }

    private boolean exists(String key) throws IOException {
        try {
            s3.headObject(head -> head.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("look up", key, e);
        } catch (SdkException e) {
            throw failure("look up", key, e);
        }
    }

    private interface S3Call {
        Object run();
    }

    private void call(String operation, String key, S3Call call) throws IOException {
        try {
            call.run();
        } catch (SdkException e) {
            throw failure(operation, key, e);
        }
    }

    private IOException failure(String operation, String key, SdkException e) {
        return new IOException("S3 " + operation + " of " + location() + key + " failed: " + e.getMessage(), e);
    }
}
