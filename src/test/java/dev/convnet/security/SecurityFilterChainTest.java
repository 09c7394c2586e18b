package dev.convnet.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.convnet.common.ConvnetProperties;
import dev.convnet.support.TestKeys;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The filter chain in front of stand-in endpoints at real paths: credentials (API keys both ways, JWTs signed here
 * with a key the test's decoder trusts), scopes, the 401/403 documents, the foreign-origin refusal, CORS.
 */
@WebMvcTest(controllers = SecurityFilterChainTest.Endpoints.class)
@Import({SecurityConfiguration.class, SecurityFilterChainTest.Endpoints.class, SecurityFilterChainTest.Jwts.class})
class SecurityFilterChainTest {

    static final RSAKey SIGNING_KEY = generate();
    static final RSAKey FOREIGN_KEY = generate();

    @TestConfiguration
    @EnableConfigurationProperties(ConvnetProperties.class)
    static class Jwts {
        @Bean
        JwtDecoder jwtDecoder() throws Exception {
            return NimbusJwtDecoder.withPublicKey(SIGNING_KEY.toRSAPublicKey()).build();
        }
    }

    /** Answers with the caller's name, as the audit and rate limits read it. */
    @RestController
    static class Endpoints {
        @GetMapping("/api/v1/presets")
        String list(HttpServletRequest request) {
            return request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        }

        @PostMapping("/api/v1/presets/{id}/models")
        String create(@PathVariable String id) {
            return "created " + id;
        }

        @PostMapping("/api/v1/models/import")
        String importModel() {
            return "imported";
        }

        @GetMapping("/v2/models/{name}")
        String metadata(@PathVariable String name) {
            return name;
        }
    }

    @Autowired
    MockMvc mvc;

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID("test").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwt(RSAKey key, Map<String, Object> claims, Instant expires) throws Exception {
        JWTClaimsSet.Builder set = new JWTClaimsSet.Builder().subject("alice@example").expirationTime(Date.from(expires));
        claims.forEach(set::claim);
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), set.build());
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    private static String jwt(Map<String, Object> claims) throws Exception {
        return jwt(SIGNING_KEY, claims, Instant.now().plusSeconds(300));
    }

    private static <B extends AbstractMockHttpServletRequestBuilder<B>> B bearer(B request, String token) {
        return request.header("Authorization", "Bearer " + token);
    }

    @Test
    void noCredentialIs401ProblemDocumentWithWwwAuthenticate() throws Exception {
        mvc.perform(get("/api/v1/presets"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.detail").value(containsString("X-API-Key")));
    }

    @Test
    void underV2TheRefusalIsTheProtocolsErrorObject() throws Exception {
        mvc.perform(get("/v2/models/lenet5"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.error").value(containsString("credential")));
        mvc.perform(get("/v2/models/lenet5").header("X-API-Key", TestKeys.TRAIN))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value(containsString("'predict'")));
    }

    @Test
    void aKeyIsAcceptedAsBearerOrXApiKeyAndItsIdIsTheCallersName() throws Exception {
        mvc.perform(bearer(get("/api/v1/presets"), TestKeys.PREDICT))
                .andExpect(status().isOk()).andExpect(content().string("test-predict"));
        mvc.perform(get("/api/v1/presets").header("X-API-Key", TestKeys.ADMIN))
                .andExpect(status().isOk()).andExpect(content().string("test-admin"));
    }

    @Test
    void anUnknownKeyIs401InvalidTokenEvenOnAnOpenPath() throws Exception {
        mvc.perform(bearer(get("/api/v1/presets"), "cnv_not-a-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\"")))
                .andExpect(jsonPath("$.detail").value(containsString("not valid")));
    }

    @Test
    void aKeyWithoutTheScopeIs403NamingTheScope() throws Exception {
        mvc.perform(bearer(post("/api/v1/presets/detector/models"), TestKeys.PREDICT))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("'manage'")));
        mvc.perform(bearer(post("/api/v1/presets/detector/models"), TestKeys.MANAGE))
                .andExpect(status().isOk());
    }

    @Test
    void aJwtsScopesGrantTheSameAccessFromScopeOrScp() throws Exception {
        mvc.perform(bearer(get("/api/v1/presets"), jwt(Map.of("scope", "predict openid"))))
                .andExpect(status().isOk()).andExpect(content().string("alice@example"));
        mvc.perform(bearer(post("/api/v1/presets/detector/models"), jwt(Map.of("scope", "predict"))))
                .andExpect(status().isForbidden());
        mvc.perform(bearer(post("/api/v1/presets/detector/models"), jwt(Map.of("scp", List.of("manage")))))
                .andExpect(status().isOk());
        mvc.perform(bearer(post("/api/v1/presets/detector/models"), jwt(Map.of("scope", "admin"))))
                .andExpect(status().isOk());
    }

    @Test
    void aJwtSignedByAnotherKeyOrExpiredIs401() throws Exception {
        mvc.perform(bearer(get("/api/v1/presets"), jwt(FOREIGN_KEY, Map.of("scope", "admin"), Instant.now().plusSeconds(300))))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\"")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(bearer(get("/api/v1/presets"), jwt(SIGNING_KEY, Map.of("scope", "admin"), Instant.now().minusSeconds(600))))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aMultipartPostFromAForeignOriginIsRefusedWithOrWithoutAKey() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "model.zip", "application/zip", new byte[] {1, 2, 3});
        mvc.perform(multipart("/api/v1/models/import").file(file).header("Origin", "https://evil.example"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:convnet:problem:foreign-origin"));
        mvc.perform(bearer(multipart("/api/v1/models/import").file(file), TestKeys.ADMIN).header("Origin", "https://evil.example"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(containsString("https://evil.example")));
        mvc.perform(bearer(post("/api/v1/presets/detector/models"), TestKeys.ADMIN).header("Origin", "null")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("a=b"))
                .andExpect(status().isForbidden());
        // the service's own pages (Swagger UI) post with their own origin
        mvc.perform(bearer(multipart("/api/v1/models/import").file(file), TestKeys.ADMIN).header("Origin", "http://localhost"))
                .andExpect(status().isOk());
    }

    @Test
    void noCorsAnswerWithoutConfiguredOriginsAndNoSessionCookie() throws Exception {
        mvc.perform(options("/api/v1/presets").header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "GET"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"));
        mvc.perform(bearer(get("/api/v1/presets"), TestKeys.PREDICT).header("Origin", "https://evil.example"))
                .andExpect(header().doesNotExist("Access-Control-Allow-Origin"))
                .andExpect(header().doesNotExist("Set-Cookie"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"));
    }

    @Test
    void basicAuthenticationIsNoCredential() throws Exception {
        mvc.perform(get("/api/v1/presets").header("Authorization", "Basic dGVzdC1hZG1pbjp0ZXN0LWFkbWluLWtleQ=="))
                .andExpect(status().isUnauthorized());
    }
}
