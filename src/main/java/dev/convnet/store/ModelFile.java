package dev.convnet.store;

/** An exported model file with the name it is offered under and the SHA-256 (hex) of its content. */
public record ModelFile(String fileName, byte[] content, String sha256) {
}
