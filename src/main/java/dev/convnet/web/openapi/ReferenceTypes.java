package dev.convnet.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Leaves a referencing schema to its reference. springdoc writes {@code "type": "object"} next to the $ref that the
 * {@code @Schema(ref = ...)} of a JsonNode field names; in OpenAPI 3.1 both apply, so a tensor (an array) would not
 * fit its own field. The referenced schema says what the value is.
 */
class ReferenceTypes implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().values().forEach(schema -> visit(schema, seen));
        }
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(parameter -> visit(parameter.getSchema(), seen));
                }
                if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
                    operation.getRequestBody().getContent().values().forEach(media -> visit(media.getSchema(), seen));
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().values().stream().filter(response -> response.getContent() != null)
                            .forEach(response -> response.getContent().values().forEach(media -> visit(media.getSchema(), seen)));
                }
            }));
        }
    }

    private static void visit(Schema<?> schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        if (schema.get$ref() != null) {
            schema.setType(null);
            schema.setTypes(null);
        }
        for (Schema<?> child : children(schema)) {
            visit(child, seen);
        }
    }

    private static List<Schema<?>> children(Schema<?> schema) {
        List<Schema<?>> children = new ArrayList<>();
        addAll(children, schema.getProperties() == null ? null : schema.getProperties().values());
        addAll(children, schema.getAllOf());
        addAll(children, schema.getAnyOf());
        addAll(children, schema.getOneOf());
        children.add(schema.getItems());
        children.add(schema.getNot());
        if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
            children.add(additional);
        }
        return children;
    }

    private static void addAll(List<Schema<?>> children, Collection<? extends Schema> schemas) {
        if (schemas != null) {
            schemas.forEach(children::add);
        }
    }
}
