package dev.convnet.web.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // A JsonNode is any JSON value, not an object of Jackson's node properties; fields holding one refine it
        // with @Schema.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new JsonSchema());
        SpringDocUtils.getConfig().replaceWithSchema(SseEmitter.class, new JsonSchema().type("string")
                .description("Server-Sent Events, each a JSON document"));
    }

    @Bean
    OpenAPI convnetOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Convnet Service")
                        .version("v1")
                        .license(new License().name("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"))
                        .description("""
                                Define convolutional networks the way Keras does (or paste Keras's model.to_json()), see \
                                Keras-exact summaries, set weights in Keras layouts and predict.

                                Quick start: POST /api/v1/presets/detector/models, PUT the example weights to \
                                /api/v1/models/{id}/weights, then POST the example input to /api/v1/models/{id}/predict: \
                                the lesson's vertical-line detector answers [[3.0]].

                                Errors are RFC 9457 problem documents; invalid definitions list every error with its \
                                layer index, field and shapes. The Open Inference Protocol endpoints under /v2 answer \
                                errors in that protocol's own form, {"error": "..."}.

                                Every call but health needs a credential: an API key (Authorization: Bearer <key>, or \
                                X-API-Key: <key>) or a JWT, holding the scope the operation names (predict, train, \
                                manage; admin holds them all). A first start writes keys to <data-dir>/api-keys; \
                                use Authorize above to send one."""))
                // Relative: Swagger UI calls the host that served this document, wherever it is deployed.
                .servers(List.of(new Server().url("/").description("The service that serves this document")));
    }

    @Bean
    OpenApiCustomizer sharedSchemas() {
        return new SharedSchemas();
    }

    @Bean
    OpenApiCustomizer defaultErrorResponses() {
        return new DefaultErrorResponses();
    }

    @Bean
    OpenApiCustomizer referenceTypes() {
        return new ReferenceTypes();
    }

    @Bean
    OpenApiCustomizer numericDefaults() {
        return new NumericDefaults();
    }

    @Bean
    OpenApiCustomizer uniqueTags() {
        return new UniqueTags();
    }
}
