package dev.convnet.security;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;

/**
 * The credentials in the OpenAPI document, from {@link EndpointRules}: the schemes (so Swagger UI's Authorize
 * button works), and on each operation whether it is open or which scope it needs.
 */
final class SecurityOpenApi implements OpenApiCustomizer {

    static final String BEARER = "bearerAuth";
    static final String API_KEY = "apiKeyHeader";
    static final String SCOPE_EXTENSION = "x-required-scope";

    private final EndpointRules rules;
    private final boolean jwt;

    SecurityOpenApi(EndpointRules rules, boolean jwt) {
        this.rules = rules;
        this.jwt = jwt;
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.getComponents()
                .addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .description(jwt ? "An API key, or a JWT whose scope claim holds the scopes" : "An API key"))
                .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER).name(PresentedCredential.API_KEY_HEADER).description("An API key"));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                describe(operation, HttpMethod.valueOf(method.name()), path)));
    }

    private void describe(Operation operation, HttpMethod method, String pathTemplate) {
        String concrete = pathTemplate.replaceAll("\\{[^}]+}", "x");
        rules.ruleFor(method, concrete).filter(rule -> !rule.catchAll()).ifPresent(rule -> {
            if (rule.open()) {
                operation.setSecurity(List.of());
                return;
            }
            operation.setSecurity(List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(API_KEY)));
            operation.addExtension(SCOPE_EXTENSION, rule.scope().scopeName());
            String needs = "Needs the `" + rule.scope().scopeName() + "` scope (or `admin`).";
            operation.setDescription(operation.getDescription() == null ? needs : operation.getDescription() + "\n\n" + needs);
        });
    }
}
