package dev.convnet.web.openapi;

import com.fasterxml.jackson.core.type.TypeReference;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Adds the schemas of {@code openapi/components.json} (see {@link dev.convnet.common.SchemaRefs}). They replace
 * what springdoc derives from a class of the same name: Spring's ProblemDetail class nests its extension members
 * under "properties", the document puts them at the top level.
 */
class SharedSchemas implements OpenApiCustomizer {

    private static final String RESOURCE = "/openapi/components.json";

    private final Map<String, Schema<?>> schemas = load();

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        schemas.forEach(openApi.getComponents()::addSchemas);
    }

    private static Map<String, Schema<?>> load() {
        try (InputStream json = SharedSchemas.class.getResourceAsStream(RESOURCE)) {
            if (json == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return Json31.mapper().readValue(json, new TypeReference<LinkedHashMap<String, Schema<?>>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
