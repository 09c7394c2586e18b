package dev.convnet.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Leaves a referencing schema to its reference. springdoc writes {@code "type": "object"} next to the $ref that the
 * {@code @Schema(ref = ...)} of a JsonNode field names; in OpenAPI 3.1 both apply, so a tensor (an array) would not
 * fit its own field. The referenced schema says what the value is.
 */
class ReferenceTypes implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        AllSchemas.forEach(openApi, schema -> {
            if (schema.get$ref() != null) {
                schema.setType(null);
                schema.setTypes(null);
            }
        });
    }
}
