package dev.convnet.store;

import dev.convnet.common.BadRequestException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code GET /api/v1/models/{id}/download} writes: DL4J's model file (zip) or an ONNX model. */
enum DownloadFormat {
    DL4J("application/zip"),
    ONNX("application/octet-stream");

    private final String mediaType;

    DownloadFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    static DownloadFormat parse(String text) {
        return Arrays.stream(values()).filter(format -> format.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new BadRequestException("format", "format must be one of "
                        + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
                        + ", got '" + text + "'"));
    }
}
