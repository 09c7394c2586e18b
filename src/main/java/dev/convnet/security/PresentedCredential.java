package dev.convnet.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

/** Reads the credential a request carries: {@code X-API-Key}, or {@code Authorization: Bearer}. */
final class PresentedCredential {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "bearer ";

    private PresentedCredential() {
    }

    /** The bearer token, or null. */
    static String bearerToken(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    /** A JWT has three dot-separated parts; API keys never contain a dot. */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /** The API key the request presents, or null; a JWT-shaped bearer token is left to the JWT decoder. */
    static String apiKey(HttpServletRequest request, boolean jwtEnabled) {
        String header = request.getHeader(API_KEY_HEADER);
        if (header != null && !header.isBlank()) {
            return header.trim();
        }
        String bearer = bearerToken(request);
        return bearer == null || (jwtEnabled && looksLikeJwt(bearer)) ? null : bearer;
    }
}
