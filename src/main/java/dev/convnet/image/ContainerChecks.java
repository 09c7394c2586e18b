package dev.convnet.image;

import dev.convnet.image.InvalidImageException.Reason;

/**
 * Completeness checks on the container, for formats whose ImageIO reader accepts a cut file without
 * complaint: the JDK's PNG reader returns a picture when the IEND chunk (or anything after the last
 * IDAT byte it needs) is missing, and the WebP reader turns a truncated lossless stream into wrong pixels.
 * JPEG, BMP and GIF readers report truncation themselves (warnings or EOF), see {@link ImageDecoder}.
 */
final class ContainerChecks {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int IEND = chunkType("IEND");
    private static final int IHDR = chunkType("IHDR");

    private ContainerChecks() {
    }

    static void requireComplete(ImageFormat format, byte[] data) {
        switch (format) {
            case PNG -> requireCompletePng(data);
            case WEBP -> requireCompleteRiff(data);
            default -> {
                // the reader itself detects truncation
            }
        }
    }

    /** Walks the chunk list: every chunk (length, type, data, CRC) must be whole, and IEND must be reached. */
    private static void requireCompletePng(byte[] data) {
        int pos = PNG_SIGNATURE.length;
        boolean first = true;
        while (true) {
            if (data.length - pos < 8) {
                throw truncated("PNG", "it ends without an IEND chunk");
            }
            long length = readInt(data, pos) & 0xFFFFFFFFL;
            int type = readInt(data, pos + 4);
            long end = pos + 8L + length + 4;
            if (end > data.length) {
                throw truncated("PNG", "chunk '" + typeName(type) + "' at byte " + pos + " needs " + (end - pos)
                        + " bytes, only " + (data.length - pos) + " remain");
            }
            if (first && type == IHDR && length >= 8) {
                requireNonZero(readInt(data, pos + 8), readInt(data, pos + 12));
            }
            if (type == IEND) {
                return;
            }
            first = false;
            pos = (int) end;
        }
    }

    /** The RIFF header states the size of the whole file. */
    private static void requireCompleteRiff(byte[] data) {
        if (data.length < 12) {
            throw truncated("WebP", "it is shorter than its RIFF header");
        }
        long riffSize = (data[4] & 0xFFL) | (data[5] & 0xFFL) << 8 | (data[6] & 0xFFL) << 16 | (data[7] & 0xFFL) << 24;
        if (data.length < riffSize + 8) {
            throw truncated("WebP", "its RIFF header announces " + (riffSize + 8) + " bytes, the file has "
                    + data.length);
        }
    }

    // The JDK's PNG reader throws a generic IIOException for a 0 width, so name the problem here.
    private static void requireNonZero(int width, int height) {
        if (width == 0 || height == 0) {
            throw new InvalidImageException(Reason.ZERO_SIZE,
                    "Image is " + Integer.toUnsignedString(width) + "x" + Integer.toUnsignedString(height)
                            + " pixels: it has no pixels");
        }
    }

    private static InvalidImageException truncated(String format, String detail) {
        return new InvalidImageException(Reason.TRUNCATED, format + " file is truncated: " + detail);
    }

    private static int readInt(byte[] data, int pos) {
        return (data[pos] & 0xFF) << 24 | (data[pos + 1] & 0xFF) << 16 | (data[pos + 2] & 0xFF) << 8
                | (data[pos + 3] & 0xFF);
    }

    private static int chunkType(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }

    private static String typeName(int type) {
        StringBuilder name = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (type >>> shift) & 0xFF;
            name.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        }
        return name.toString();
    }
}
