package dev.convnet.inference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.ObjectMapper;

/**
 * Spring MVC's own errors under /v2 (no such path 404, wrong method 405, unsupported media type 415, unacceptable
 * 406) in the protocol's {"error": "..."} form. They arise before any controller is chosen, so no advice scoped to
 * {@link OpenInferenceController} sees them; this resolver runs ahead of the service-wide problem documents and
 * leaves every other path to them.
 */
@Component
class OpenInferenceRouteErrors implements HandlerExceptionResolver, Ordered {

    private final ObjectMapper json;

    OpenInferenceRouteErrors(ObjectMapper json) {
        this.json = json;
    }

    static boolean isProtocolPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/v2") || path.startsWith("/v2/");
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception e) {
        if (!(e instanceof ErrorResponse error) || !isProtocolPath(request) || response.isCommitted()) {
            return null;
        }
        String message = e instanceof NoResourceFoundException
                ? "no Open Inference endpoint answers " + request.getMethod() + " " + request.getRequestURI()
                : error.getBody().getDetail();
        response.setStatus(error.getStatusCode().value());
        error.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        try {
            json.writeValue(response.getOutputStream(), Map.of("error", message == null ? "request refused" : message));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new ModelAndView();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
