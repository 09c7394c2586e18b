package dev.convnet.inference;

import dev.convnet.engine.runtime.CpuShare;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Brackets every prediction request (decoding, inference and the answer) for {@link CpuShare}: the time predictions
 * are in flight is what decides whether a running training gets its window, and a request that arrives during the
 * window waits for its end before it takes a core. Registered by {@link ServingFilters}, not scanned, so that web
 * slice tests, which take every filter bean, need no engine.
 */
class ServingCpuShareFilter extends OncePerRequestFilter {

    private final CpuShare cpuShare;

    ServingCpuShareFilter(CpuShare cpuShare) {
        this.cpuShare = cpuShare;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !"POST".equals(request.getMethod())
                || !(path.endsWith("/predict") || path.endsWith("/predictions") || path.endsWith("/infer"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            cpuShare.servingStarts();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServletException("interrupted while a training had its CPU window", e);
        }
        try {
            chain.doFilter(request, response);
        } finally {
            cpuShare.servingEnds();
        }
    }
}
