package dev.convnet.security;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a caller may do. Granted as Spring authorities {@code SCOPE_<name>}, the prefix JWT scopes get; {@code admin}
 * implies every other scope, expanded when a caller authenticates so that each rule names one scope.
 */
public enum Scope {
    PREDICT, TRAIN, MANAGE, ADMIN;

    public static final String AUTHORITY_PREFIX = "SCOPE_";

    /** The name in configuration, key files and JWT claims: {@code predict}, {@code train}, ... */
    public String scopeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String authority() {
        return AUTHORITY_PREFIX + scopeName();
    }

    /** @throws IllegalArgumentException naming the scopes that exist */
    public static Scope parse(String name) {
        for (Scope scope : values()) {
            if (scope.scopeName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return scope;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + name + "': use predict, train, manage or admin");
    }

    /** The scopes granted, with {@code admin} expanded to all of them. */
    public static Set<Scope> expand(Collection<Scope> granted) {
        return granted.contains(ADMIN) ? EnumSet.allOf(Scope.class)
                : granted.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(granted);
    }

    public static Set<GrantedAuthority> authorities(Collection<Scope> granted) {
        return expand(granted).stream().map(scope -> new SimpleGrantedAuthority(scope.authority()))
                .collect(Collectors.toUnmodifiableSet());
    }
}
