package dev.convnet.security;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;

@Configuration(proxyBeanMethods = false)
class SecurityOpenApiConfiguration {

    @Bean
    OpenApiCustomizer securityRequirements(EndpointRules rules, ObjectProvider<JwtDecoder> jwtDecoders) {
        return new SecurityOpenApi(rules, jwtDecoders.getIfAvailable() != null);
    }
}
