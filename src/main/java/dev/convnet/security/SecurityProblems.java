package dev.convnet.security;

import dev.convnet.common.ApiProblems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * 401 and 403 as RFC 9457 problem documents; under /v2 in the Open Inference Protocol's {"error": "..."} form.
 * Written by the security filters, before Spring MVC, so no exception handler sees them.
 */
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json;
    private final EndpointRules rules;

    SecurityProblems(ObjectMapper json, EndpointRules rules) {
        this.json = json;
        this.rules = rules;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean presented = request.getHeader(PresentedCredential.API_KEY_HEADER) != null
                || PresentedCredential.bearerToken(request) != null;
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, presented
                ? "Bearer error=\"invalid_token\", error_description=\"the credential is not valid\""
                : "Bearer");
        String detail = presented
                ? "The API key or token is not valid: " + e.getMessage()
                : "This call needs a credential: send 'Authorization: Bearer <key or token>' or 'X-API-Key: <key>'";
        write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String detail = rules.ruleFor(request).map(EndpointRules.Rule::scope)
                .map(scope -> "This call needs the '" + scope.scopeName() + "' scope, which the credential does not have")
                .orElse("No credential may make this call");
        write(request, response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String title,
               String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status.value());
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/v2") || path.startsWith("/v2/")) {
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Map.of("error", detail));
            return;
        }
        var problem = ApiProblems.of(status, type, title, detail);
        problem.setInstance(java.net.URI.create(request.getRequestURI()));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
