package dev.convnet.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Refuses a state-changing request sent by a page of another origin, credential or not: browsers send a form or
 * multipart POST across sites without asking first, so the service must not act on one.
 */
final class ForeignOriginFilter extends OncePerRequestFilter {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final Set<String> allowedOrigins;
    private final SecurityProblems problems;

    ForeignOriginFilter(Set<String> allowedOrigins, SecurityProblems problems) {
        this.allowedOrigins = allowedOrigins;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || SAFE_METHODS.contains(request.getMethod()) || allowed(origin, request)) {
            chain.doFilter(request, response);
            return;
        }
        problems.write(request, response, HttpStatus.FORBIDDEN, "foreign-origin", "Cross-site request refused",
                "A page of origin '" + origin + "' may not change this service; allowed origins are set in "
                        + "convnet.security.cors.allowed-origins");
    }

    private boolean allowed(String origin, HttpServletRequest request) {
        return allowedOrigins.contains(origin) || sameOrigin(origin, request);
    }

    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            var parsed = UriComponentsBuilder.fromUriString(origin).build();
            int port = parsed.getPort() != -1 ? parsed.getPort() : "https".equalsIgnoreCase(parsed.getScheme()) ? 443 : 80;
            return request.getScheme().equalsIgnoreCase(parsed.getScheme())
                    && request.getServerName().equalsIgnoreCase(parsed.getHost())
                    && request.getServerPort() == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
