package dev.convnet.storage;

import java.time.Instant;

/** An object found when listing a directory of the storage. */
public record ListedObject(String key, long size, Instant lastModified) {
}
