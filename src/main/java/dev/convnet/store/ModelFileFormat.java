package dev.convnet.store;

import java.util.Arrays;

/** What an uploaded model file is, judged by its first bytes: its name and media type are not trusted. */
enum ModelFileFormat {
    HDF5(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}),
    ZIP(new byte[] {'P', 'K', 3, 4}),
    UNKNOWN(new byte[0]);

    private final byte[] magic;

    ModelFileFormat(byte[] magic) {
        this.magic = magic;
    }

    static ModelFileFormat of(byte[] content) {
        for (ModelFileFormat format : new ModelFileFormat[] {HDF5, ZIP}) {
            if (content.length >= format.magic.length
                    && Arrays.equals(content, 0, format.magic.length, format.magic, 0, format.magic.length)) {
                return format;
            }
        }
        return UNKNOWN;
    }
}
