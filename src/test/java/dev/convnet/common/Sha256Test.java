package dev.convnet.common;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class Sha256Test {

    /** FIPS 180-2's example "abc". */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void bytesFilesAndStreamedDigestsGiveTheSameLowerCaseHex(@TempDir Path dir) throws Exception {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(dir.resolve("abc"), abc);
        var digest = Sha256.newDigest();
        digest.update(abc);

        assertThat(Sha256.hex(abc)).isEqualTo(ABC);
        assertThat(Sha256.hexOfFile(file)).isEqualTo(ABC);
        assertThat(Sha256.hex(digest)).isEqualTo(ABC);
    }

    @Test
    void base64CarriesTheSameBytesAsHex() {
        assertThat(Sha256.hexToBase64(ABC)).isEqualTo("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
    }
}
