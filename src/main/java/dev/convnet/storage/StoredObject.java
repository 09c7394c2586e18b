package dev.convnet.storage;

/**
 * An object as written: its key, the SHA-256 to record in the database (and to check on every read), its size,
 * and whether this write created it (false: an object with the same content already had that key).
 */
public record StoredObject(String key, String sha256, long size, boolean created) {

    /** The last segment of the key, which is what rows store next to the directory their owner implies. */
    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }
}
