package dev.convnet.audit;

import dev.convnet.common.Callers;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Records each audited call ({@link AuditRule}) once it has been answered, refused ones included. It runs inside
 * MVC, after every servlet filter, so the principal is the authenticated caller.
 */
class AuditInterceptor implements HandlerInterceptor {

    private static final String STARTED = AuditInterceptor.class.getName() + ".started";

    private final AuditLog log;
    private final Clock clock;

    AuditInterceptor(AuditLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(handler instanceof HandlerMethod)) {
            return;
        }
        String route = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        String path = request.getRequestURI();
        if (!AuditRule.isAudited(request.getMethod(), path, route)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        // an exception no handler resolved becomes a 500 after this point
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        log.record(new AuditedCall(clock.instant().truncatedTo(ChronoUnit.MICROS), Callers.of(request), request.getMethod(),
                path, route, AuditRule.target(variables, response.getHeader(HttpHeaders.LOCATION)), status,
                request.getRemoteAddr(), elapsedMillis(request)));
    }

    private static long elapsedMillis(HttpServletRequest request) {
        Object started = request.getAttribute(STARTED);
        return started instanceof Long nanos ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos) : 0;
    }
}
