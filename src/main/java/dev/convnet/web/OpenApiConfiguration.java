package dev.convnet.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI convnetOpenApi() {
        return new OpenAPI().info(new Info()
                .title("Convnet Service")
                .version("v1")
                .license(new License().name("Apache-2.0"))
                .description("""
                        Define convolutional networks the way Keras does (or paste Keras's model.to_json()), see \
                        Keras-exact summaries, set weights in Keras layouts and predict.

                        Quick start: POST /api/v1/presets/detector/models, PUT the example weights to \
                        /api/v1/models/{id}/weights, then POST the example input to /api/v1/models/{id}/predict: \
                        the lesson's vertical-line detector answers [[3.0]].

                        Errors are RFC 9457 problem documents; invalid definitions list every error with its \
                        layer index, field and shapes."""));
    }
}
