package dev.convnet.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/** A key's non-secret id, its scopes, and the SHA-256 of its secret (the secret itself is never kept). */
record ApiKey(String id, Set<Scope> scopes, byte[] sha256) {

    static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] parseHex(String id, String hex) {
        try {
            byte[] bytes = HexFormat.of().parseHex(hex.trim());
            if (bytes.length == 32) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below with the key's id
        }
        throw new IllegalArgumentException("key '" + id + "': key-sha256 must be 64 hex digits (a SHA-256)");
    }

    /** Constant-time: how long this takes does not tell how much of a guess was right. */
    boolean matches(byte[] presentedSha256) {
        return MessageDigest.isEqual(sha256, presentedSha256);
    }
}
