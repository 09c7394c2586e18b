package dev.convnet.inference;

/** An image as uploaded: its encoded bytes and, for a multipart file, its name. */
record UploadedImage(String fileName, byte[] data) {
}
