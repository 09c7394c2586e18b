package dev.convnet.image;

import java.util.Optional;
import java.util.Set;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The encodings accepted for predictions. Others that ImageIO happens to read (TIFF, PSD...) are
 * refused: every extra parser is attack surface, and nobody trains on them.
 */
public enum ImageFormat {
    PNG("png"),
    JPEG("jpeg", "jpg"),
    BMP("bmp"),
    GIF("gif"),
    WEBP("webp");

    private final Set<String> names;

    ImageFormat(String... names) {
        this.names = Set.of(names);
    }

    static Optional<ImageFormat> of(ImageReaderSpi provider) {
        for (String name : provider.getFormatNames()) {
            for (ImageFormat format : values()) {
                if (format.names.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    return Optional.of(format);
                }
            }
        }
        return Optional.empty();
    }
}
