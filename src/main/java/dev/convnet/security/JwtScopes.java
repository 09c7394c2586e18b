package dev.convnet.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * A JWT's scopes (claim {@code scope} or {@code scp}, or the one configured) as the same authorities API keys get,
 * {@code admin} expanded; scopes this service does not know are ignored. The caller's name is the token's subject.
 */
final class JwtScopes implements Converter<Jwt, AbstractAuthenticationToken> {

    private final JwtGrantedAuthoritiesConverter claimScopes = new JwtGrantedAuthoritiesConverter();

    JwtScopes(String scopeClaim) {
        if (scopeClaim != null && !scopeClaim.isBlank()) {
            claimScopes.setAuthoritiesClaimName(scopeClaim);
        }
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Collection<GrantedAuthority> granted = claimScopes.convert(jwt);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (GrantedAuthority authority : granted) {
            for (Scope scope : Scope.values()) {
                if (scope.authority().equals(authority.getAuthority())) {
                    scopes.add(scope);
                }
            }
        }
        return new JwtAuthenticationToken(jwt, Scope.authorities(scopes), jwt.getSubject());
    }
}
