package dev.convnet.ratelimit;

import dev.convnet.common.Callers;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Takes a permit from the caller's limiter of one class of call before the handler runs. A refusal is thrown as an
 * error response, so it is written like every other error of its path: a problem document under /api, the Open
 * Inference {"error": ...} form under /v2.
 */
class RateLimitInterceptor implements HandlerInterceptor {

    private final LimitedCall call;
    private final CallerRateLimiters limiters;
    private final RateLimitProperties.Limit limit;

    RateLimitInterceptor(LimitedCall call, CallerRateLimiters limiters, RateLimitProperties properties) {
        this.call = call;
        this.limiters = limiters;
        this.limit = properties.limitOf(call);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!call.covers(request.getMethod())) {
            return true;
        }
        String caller = Callers.of(request);
        limiters.acquire(caller, call).ifPresent(wait -> {
            throw new RateLimitExceededException(caller, call, limit, wait);
        });
        return true;
    }
}
