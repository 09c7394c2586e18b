package dev.convnet.dataset;

/**
 * A file a built-in dataset consists of, as it lies in the dataset's folder.
 *
 * @param name   file name, uncompressed (an IDX file may also lie there gzipped, with {@code .gz} appended)
 * @param sha256 SHA-256 of the uncompressed content, or null when no published checksum could be verified;
 *               such a file is then checked structurally only (its size and record count)
 * @param size   uncompressed size in bytes
 */
public record DatasetFile(String name, String sha256, long size) {
}
