package dev.convnet.store;

import dev.convnet.common.ConvnetProperties;
import dev.convnet.common.LimitExceededException;
import dev.convnet.engine.dl4j.InvalidModelFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Reads an uploaded zip's entry names and embedded definition, inflating no more than a model file could. */
@Component
class ModelZipInspector {

    private static final int MAX_ZIP_ENTRIES = 10_000;
    private static final int MAX_DEFINITION_BYTES = 1 << 20;

    /** Entry names, and the definition an export embeds (null when absent or not JSON). */
    record Contents(Set<String> names, JsonNode definition) {
        boolean has(String name) {
            return names.contains(name);
        }

        boolean hasEntryEndingWith(String suffix) {
            return names.stream().anyMatch(name -> name.endsWith(suffix));
        }
    }

    private final ObjectMapper json;
    private final long maxUncompressedBytes;

    ModelZipInspector(ObjectMapper json, ConvnetProperties properties) {
        this.json = json;
        // float32 parameters barely compress; four times the upload limit leaves room and stops zip bombs
        this.maxUncompressedBytes = 4 * properties.api().maxRequestSize().toBytes();
    }

    Contents inspect(byte[] content) {
        Set<String> names = new HashSet<>();
        JsonNode definition = null;
        long inflated = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (names.size() >= MAX_ZIP_ENTRIES) {
                    throw new InvalidModelFileException("The zip has more than " + MAX_ZIP_ENTRIES + " entries. "
                            + ModelTransferService.ACCEPTED);
                }
                names.add(entry.getName());
                ByteArrayOutputStream kept = ModelExporter.DEFINITION_ENTRY.equals(entry.getName())
                        ? new ByteArrayOutputStream() : null;
                for (int n = zip.read(buffer); n > 0; n = zip.read(buffer)) {
                    inflated += n;
                    if (inflated > maxUncompressedBytes) {
                        throw new LimitExceededException("file", inflated, maxUncompressedBytes,
                                "convnet.api.max-request-size", "the zip inflates to more than " + maxUncompressedBytes
                                + " bytes (4 x convnet.api.max-request-size); model files barely compress, so this is"
                                + " refused as a zip bomb");
                    }
                    if (kept != null && kept.size() + n <= MAX_DEFINITION_BYTES) {
                        kept.write(buffer, 0, n);
                    }
                }
                if (kept != null) {
                    definition = readDefinition(kept.toByteArray());
                }
            }
        } catch (IOException e) {
            throw new InvalidModelFileException("The zip could not be read: " + e.getMessage(), e);
        }
        return new Contents(names, definition);
    }

    private JsonNode readDefinition(byte[] bytes) {
        try {
            return json.readTree(bytes);
        } catch (JacksonException e) {
            return null; // then the file is treated as any DL4J file: the input shape must be given
        }
    }
}
