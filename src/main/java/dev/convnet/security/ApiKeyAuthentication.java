package dev.convnet.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A caller authenticated by an API key: its name is the key's id, never the secret. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final String keyId;

    ApiKeyAuthentication(ApiKey key) {
        super(Scope.authorities(key.scopes()));
        this.keyId = key.id();
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return keyId;
    }

    @Override
    public String getName() {
        return keyId;
    }
}
