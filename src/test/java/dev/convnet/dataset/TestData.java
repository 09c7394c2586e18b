package dev.convnet.dataset;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.springframework.util.unit.DataSize;

/** Builders for small files in the formats the dataset package reads. */
final class TestData {

    static final Path SHARED_DATASETS = Path.of("..", "shared", "datasets");

    private TestData() {
    }

    static byte[] idx(int[] dimensions, byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeShort(0);
            out.writeByte(0x08);
            out.writeByte(dimensions.length);
            for (int dimension : dimensions) {
                out.writeInt(dimension);
            }
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** count images of height x width with pixel value (image * 7 + position) mod 256. */
    static byte[] idxImages(int count, int height, int width) {
        byte[] data = new byte[count * height * width];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) ((i / (height * width)) * 7 + i % (height * width));
        }
        return idx(new int[] {count, height, width}, data);
    }

    static byte[] idxLabels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(new int[] {labels.length}, data);
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One CIFAR record: label bytes, then planes R, G, B where pixel p of channel c is (seed + c * 50 + p) mod 256.
     */
    static byte[] cifarRecord(int seed, int... labelBytes) {
        byte[] record = new byte[labelBytes.length + 3072];
        for (int b = 0; b < labelBytes.length; b++) {
            record[b] = (byte) labelBytes[b];
        }
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < 1024; p++) {
                record[labelBytes.length + c * 1024 + p] = (byte) (seed + c * 50 + p);
            }
        }
        return record;
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] tarGz(Map<String, byte[]> members) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> member : members.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(member.getKey());
                entry.setSize(member.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(member.getValue());
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A PNG (or other ImageIO format) image filled with one grey level or colour. */
    static byte[] image(String format, int width, int height, int type, int rgb) {
        BufferedImage image = new BufferedImage(width, height, type);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] rgbPng(int width, int height, int rgb) {
        return image("png", width, height, BufferedImage.TYPE_INT_RGB, rgb);
    }

    /** A greyscale PNG whose raster samples are {@code level} (written through the raster, not through sRGB). */
    static byte[] greyPng(int width, int height, int level) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, level);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Rewrites a PNG's IHDR to claim other dimensions (and fixes its CRC), without adding pixel data. */
    static byte[] pngClaimingSize(byte[] png, int width, int height) {
        byte[] copy = png.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        // 8-byte signature, 4-byte length, "IHDR", then width and height.
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(copy, 12, 4 + 13);
        buffer.putInt(12 + 4 + 13, (int) crc.getValue());
        return copy;
    }

    /** A zip entry to write; a symlink entry's content is its target. */
    record Entry(String name, byte[] content, boolean symlink) {
        static Entry file(String name, byte[] content) {
            return new Entry(name, content, false);
        }

        static Entry directory(String name) {
            return new Entry(name, null, false);
        }

        static Entry symlink(String name, String target) {
            return new Entry(name, target.getBytes(), true);
        }
    }

    static byte[] zip(Entry... entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Entry entry : entries) {
                ZipArchiveEntry zipEntry = new ZipArchiveEntry(entry.name());
                if (entry.symlink()) {
                    zipEntry.setUnixMode(UnixStat.LINK_FLAG | 0777);
                }
                zip.putArchiveEntry(zipEntry);
                if (entry.content() != null) {
                    zip.write(entry.content());
                }
                zip.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static DatasetSettings.Upload uploadLimits(long maxArchiveBytes, int maxEntries, long maxUncompressedBytes,
                                               long maxImagePixels, long maxDecodedBytes) {
        return new DatasetSettings.Upload(DataSize.ofBytes(maxArchiveBytes), maxEntries,
                DataSize.ofBytes(maxUncompressedBytes), maxImagePixels, DataSize.ofBytes(maxDecodedBytes),
                DataSize.ofMegabytes(64), 2);
    }
}
