package dev.convnet.store;

import java.time.Instant;
import java.util.UUID;

/** The file that holds a model's current weights, and the checksum it must still have when read. */
record WeightFile(UUID modelId, String fileName, String sha256, long sizeBytes, Instant updatedAt) {
}
