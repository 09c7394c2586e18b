package dev.convnet.common;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;

/** Who made a request, for limits, quotas and the record of who submitted what. */
public final class Callers {

    /** The caller when no one authenticated (security turned off). */
    public static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    /** The authenticated principal's name (an API key's id or a JWT subject, never a secret), else "anonymous". */
    public static String of(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null || principal.getName() == null || principal.getName().isBlank()
                ? ANONYMOUS : principal.getName();
    }
}
