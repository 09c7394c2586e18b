package dev.convnet.audit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The interceptor over MockMvc: who, what, target and outcome of a call, and a failed write left out of the answer. */
class AuditInterceptorTest {

    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00.1234567Z");

    @RestController
    static class ThingController {

        @PostMapping("/api/v1/things")
        ResponseEntity<Void> create() {
            return ResponseEntity.created(URI.create("http://localhost/api/v1/things/t-9")).build();
        }

        @DeleteMapping("/api/v1/things/{id}")
        ResponseEntity<Void> delete(@PathVariable String id) {
            if (id.equals("locked")) {
                throw new ResponseStatusException(HttpStatus.CONFLICT, "locked");
            }
            return ResponseEntity.noContent().build();
        }

        @PostMapping("/api/v1/things/{id}/predict")
        String predict(@PathVariable String id) {
            return "{}";
        }
    }

    private final AuditEventRepository repository = mock(AuditEventRepository.class);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ThingController())
            .addInterceptors(new AuditInterceptor(new AuditLog(repository, meters), Clock.fixed(NOW, ZoneOffset.UTC)))
            .build();

    private AuditedCall recorded() {
        ArgumentCaptor<AuditedCall> call = ArgumentCaptor.forClass(AuditedCall.class);
        verify(repository).insert(call.capture());
        return call.getValue();
    }

    @Test
    void recordsTheAuthenticatedPrincipalsNameAndTheCreatedResource() throws Exception {
        mvc.perform(post("/api/v1/things?token=hidden").principal(() -> "manage-key-7").with(request -> {
            request.setRemoteAddr("10.1.2.3");
            return request;
        })).andExpect(status().isCreated());

        AuditedCall call = recorded();
        assertThat(call.who()).isEqualTo("manage-key-7");
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).as("no query string").isEqualTo("/api/v1/things");
        assertThat(call.route()).isEqualTo("/api/v1/things");
        assertThat(call.target()).isEqualTo("t-9");
        assertThat(call.status()).isEqualTo(201);
        assertThat(call.clientAddress()).isEqualTo("10.1.2.3");
        assertThat(call.time()).isEqualTo(Instant.parse("2026-12-02T00:00:00.123456Z"));
        assertThat(call.durationMs()).isNotNegative();
    }

    @Test
    void withoutAPrincipalTheCallerIsAnonymousAndARefusalIsRecordedWithItsStatus() throws Exception {
        mvc.perform(delete("/api/v1/things/locked")).andExpect(status().isConflict());

        AuditedCall call = recorded();
        assertThat(call.who()).isEqualTo("anonymous");
        assertThat(call.route()).isEqualTo("/api/v1/things/{id}");
        assertThat(call.target()).isEqualTo("locked");
        assertThat(call.status()).isEqualTo(409);
    }

    @Test
    void aCallALaterInterceptorRefusesIsStillRecorded() throws Exception {
        HandlerInterceptor rateLimit = new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                response.setStatus(429);
                return false;
            }
        };
        MockMvc limited = MockMvcBuilders.standaloneSetup(new ThingController())
                .addInterceptors(new AuditInterceptor(new AuditLog(repository, meters), Clock.systemUTC()), rateLimit)
                .build();

        limited.perform(delete("/api/v1/things/t-2")).andExpect(status().isTooManyRequests());

        assertThat(recorded().status()).isEqualTo(429);
        assertThat(recorded().target()).isEqualTo("t-2");
    }

    @Test
    void predictionsAreNotRecorded() throws Exception {
        mvc.perform(post("/api/v1/things/t-1/predict").principal(() -> "predict-key")).andExpect(status().isOk());
        verify(repository, never()).insert(any());
    }

    @Test
    void aFailedWriteIsCountedAndTheCallStillSucceeds() throws Exception {
        doThrow(new DataAccessResourceFailureException("database down")).when(repository).insert(any());

        mvc.perform(delete("/api/v1/things/t-1")).andExpect(status().isNoContent());
        mvc.perform(post("/api/v1/things")).andExpect(status().isCreated());

        assertThat(meters.get("convnet.audit.write.failures").counter().count()).isEqualTo(2.0);
    }
}
