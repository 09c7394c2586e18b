package dev.convnet.inference;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * The protocol's $tensor_data and $parameters in the OpenAPI document. $tensor_data is a list, flat or nested as the
 * shape, of numbers, strings (BYTES) or booleans: it refers to itself, which annotations on a record cannot say.
 */
@Component
class OpenInferenceApiSchemas implements OpenApiCustomizer {

    static final String TENSOR_DATA = "OipTensorData";
    static final String PARAMETERS = "OipParameters";

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        Schema<Object> item = new Schema<>();
        item.setAnyOf(List.of(new Schema<>().$ref("#/components/schemas/" + TENSOR_DATA), scalar("number"),
                scalar("string"), scalar("boolean")));
        Schema<Object> data = scalar("array");
        data.setItems(item);
        data.setDescription("$tensor_data: the values in row-major order, flat or nested as the shape");
        data.setExample(List.of(0, 0, 255, 255));
        api.getComponents().addSchemas(TENSOR_DATA, data);

        Schema<Object> parameters = scalar("object");
        parameters.setAdditionalProperties(new Schema<>().anyOf(List.of(scalar("string"), scalar("number"),
                scalar("boolean"))));
        parameters.setDescription("$parameters: key/value pairs whose values are strings, numbers or booleans");
        parameters.setExample(java.util.Map.of("priority", 1));
        api.getComponents().addSchemas(PARAMETERS, parameters);
    }

    private static Schema<Object> scalar(String type) {
        Schema<Object> schema = new Schema<>();
        schema.setType(type);
        schema.setTypes(Set.of(type));
        return schema;
    }
}
