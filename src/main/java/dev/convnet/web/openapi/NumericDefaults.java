package dev.convnet.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Writes the default of a number as a number. swagger-core keeps {@code @Schema(defaultValue = "0.9")} of a
 * Double field as the string "0.9", which is not a value of the field's own type.
 */
class NumericDefaults implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        AllSchemas.forEach(openApi, NumericDefaults::asNumber);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void asNumber(Schema<?> schema) {
        boolean number = "number".equals(schema.getType()) || "integer".equals(schema.getType())
                || (schema.getTypes() != null && (schema.getTypes().contains("number") || schema.getTypes().contains("integer")));
        if (number && schema.getDefault() instanceof String text) {
            try {
                ((Schema) schema).setDefault(new BigDecimal(text));
            } catch (NumberFormatException e) {
                // not a number: left for the document's validation to report
            }
        }
    }
}
