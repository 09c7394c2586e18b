package dev.convnet.inference;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The Open Inference Protocol's JSON objects as schemas (src/test/resources/open-inference), for conformance checks. */
final class OpenInferenceSchemas {

    private static final String FILE = "classpath:open-inference/open_inference_rest.schema.json";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenInferenceSchemas() {
    }

    /** Asserts that {@code body} is a valid {@code definition} (a $defs entry, e.g. "inference_response"). */
    static void assertConforms(String definition, JsonNode body) {
        assertThat(violations(definition, body)).as("%s against the protocol's %s", body, definition).isEmpty();
    }

    /** The errors {@code body} has against {@code definition}; for checking that the schemas do reject. */
    static List<Error> violations(String definition, JsonNode body) {
        Schema schema = SCHEMAS.computeIfAbsent(definition,
                name -> REGISTRY.getSchema(SchemaLocation.of(FILE + "#/$defs/" + name)));
        return schema.validate(body);
    }
}
