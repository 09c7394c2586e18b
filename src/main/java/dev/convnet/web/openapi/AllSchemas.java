package dev.convnet.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Visits every schema of a document once: components, parameters, bodies and answers, and all they nest. */
final class AllSchemas {

    private AllSchemas() {
    }

    static void forEach(OpenAPI openApi, Consumer<Schema<?>> action) {
        Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Consumer<Schema<?>> visit = schema -> visit(schema, action, seen);
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            openApi.getComponents().getSchemas().values().forEach(visit::accept);
        }
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
            if (operation.getParameters() != null) {
                operation.getParameters().forEach(parameter -> visit.accept(parameter.getSchema()));
            }
            if (operation.getRequestBody() != null) {
                content(operation.getRequestBody().getContent(), visit);
            }
            if (operation.getResponses() != null) {
                operation.getResponses().values().forEach(response -> content(response.getContent(), visit));
            }
        }));
    }

    private static void content(Content content, Consumer<Schema<?>> visit) {
        if (content != null) {
            content.values().forEach(mediaType -> visit.accept(mediaType.getSchema()));
        }
    }

    private static void visit(Schema<?> schema, Consumer<Schema<?>> action, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        action.accept(schema);
        for (Schema<?> child : children(schema)) {
            visit(child, action, seen);
        }
    }

    @SuppressWarnings("rawtypes")
    private static List<Schema<?>> children(Schema<?> schema) {
        List<Schema<?>> children = new ArrayList<>();
        List<Collection<? extends Schema>> groups = new ArrayList<>();
        groups.add(schema.getProperties() == null ? null : schema.getProperties().values());
        groups.add(schema.getAllOf());
        groups.add(schema.getAnyOf());
        groups.add(schema.getOneOf());
        groups.stream().filter(group -> group != null).forEach(group -> group.forEach(children::add));
        children.add(schema.getItems());
        children.add(schema.getNot());
        if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
            children.add(additional);
        }
        return children;
    }
}
