package dev.convnet.security;

import dev.convnet.common.ConvnetProperties;
import jakarta.servlet.DispatcherType;
import java.util.LinkedHashSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import tools.jackson.databind.ObjectMapper;

/**
 * Stateless security: an API key or a JWT on each request, no session, cookie, form or Basic login (so a foreign
 * page has no ambient credential to use), access decided by {@link EndpointRules}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties({SecuritySettings.class, ConvnetProperties.class})
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    EndpointRules endpointRules(SecuritySettings settings) {
        return new EndpointRules(settings.prometheusOpen());
    }

    @Bean
    SecurityProblems securityProblems(ObjectMapper json, EndpointRules rules) {
        return new SecurityProblems(json, rules);
    }

    /** A request the firewall refuses (say, a path that is not plain ASCII once decoded) gets a problem document. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(SecurityProblems problems) {
        return (request, response, e) -> problems.write(request, response, HttpStatus.BAD_REQUEST, "request-rejected",
                "Request rejected", e.getMessage());
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, SecuritySettings settings, ConvnetProperties convnet,
                                            EndpointRules rules, SecurityProblems problems,
                                            ObjectProvider<JwtDecoder> jwtDecoders) {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> cors.configurationSource(corsSource(settings.cors().allowedOrigins())))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new ForeignOriginFilter(new LinkedHashSet<>(settings.cors().allowedOrigins()), problems),
                        CsrfFilter.class);
        if (!settings.enabled()) {
            log.warn("""
                    
                    ************************************************************************
                    SECURITY IS OFF (convnet.security.enabled=false): anyone who can reach
                    this port can change, delete and train models. For a laptop demo only.
                    ************************************************************************""");
            http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
            return http.build();
        }
        JwtDecoder jwtDecoder = jwtDecoders.getIfAvailable();
        ApiKeyStore keys = new ApiKeyStore(settings, convnet);
        http.addFilterBefore(new ApiKeyAuthenticationFilter(keys, jwtDecoder != null, problems),
                BearerTokenAuthenticationFilter.class);
        if (jwtDecoder != null) {
            http.oauth2ResourceServer(jwt -> jwt
                    .bearerTokenResolver(request -> {
                        String token = PresentedCredential.bearerToken(request);
                        return token != null && PresentedCredential.looksLikeJwt(token) ? token : null;
                    })
                    .jwt(decoder -> decoder.decoder(jwtDecoder)
                            .jwtAuthenticationConverter(new JwtScopes(settings.jwtScopeClaim())))
                    .authenticationEntryPoint(problems)
                    .accessDeniedHandler(problems));
            log.info("JWT bearer tokens accepted, scopes from the '{}' claim",
                    settings.jwtScopeClaim().isBlank() ? "scope/scp" : settings.jwtScopeClaim());
        }
        http.authorizeHttpRequests(auth -> {
            // the request itself was authorized; its error page and async completion (SSE) are part of it
            auth.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll();
            for (EndpointRules.Rule rule : rules.rules()) {
                if (rule.open()) {
                    auth.requestMatchers(rule.matcher()).permitAll();
                } else {
                    auth.requestMatchers(rule.matcher()).hasAuthority(rule.scope().authority());
                }
            }
            auth.anyRequest().denyAll();
        });
        return http.build();
    }

    /** No origin configured: no CORS answer at all, so a browser lets no foreign page read a response. */
    private static CorsConfigurationSource corsSource(List<String> allowedOrigins) {
        if (allowedOrigins.isEmpty()) {
            return request -> null;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(allowedOrigins);
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", PresentedCredential.API_KEY_HEADER, "Content-Type", "Accept"));
        cors.setExposedHeaders(List.of("Location", "Retry-After", "X-Checksum-SHA256", "Content-Disposition"));
        return request -> cors;
    }
}
