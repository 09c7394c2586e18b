package dev.convnet.audit;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditEventFilterTest {

    @Test
    void noParametersReadTheNewestHundred() {
        AuditEventFilter filter = AuditEventFilter.parse(null, "", null, null, null, null, null);
        assertThat(filter).isEqualTo(new AuditEventFilter(null, null, null, null, null, 100, null));
    }

    @Test
    void parsesEveryParameter() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2026-12-02T00:12:38.123456Z"), 42);
        AuditEventFilter filter = AuditEventFilter.parse("admin-1", "lenet5/production", "2026-12-01T00:00:00Z",
                "2026-12-02T00:00:00Z", "delete", "1000", cursor.encode());
        assertThat(filter).isEqualTo(new AuditEventFilter("admin-1", "lenet5/production",
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-02T00:00:00Z"), "DELETE", 1000, cursor));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "since,  yesterday",
            "until,  2026-13-01T00:00:00Z",
            "method, GET",
            "limit,  0",
            "limit,  1001",
            "limit,  ten",
            "cursor, not-a-cursor",
            "cursor, bm8tYmFy",
    })
    void refusesAnUnusableParameterNamingIt(String parameter, String value) {
        assertThatThrownBy(() -> AuditEventFilter.parse(null, null, parameter.equals("since") ? value : null,
                parameter.equals("until") ? value : null, parameter.equals("method") ? value : null,
                parameter.equals("limit") ? value : null, parameter.equals("cursor") ? value : null))
                .isInstanceOfSatisfying(InvalidAuditFilterException.class, e -> {
                    assertThat(e.getBody().getProperties()).containsEntry("field", parameter);
                    assertThat(e.getBody().getDetail()).startsWith("'" + parameter + "'");
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                });
    }

    @Test
    void untilMustFollowSince() {
        assertThatThrownBy(() -> AuditEventFilter.parse(null, null, "2026-12-02T00:00:00Z", "2026-12-02T00:00:00Z",
                null, null, null))
                .isInstanceOfSatisfying(InvalidAuditFilterException.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("field", "until"));
    }

    @Test
    void aCursorSurvivesItsRoundTrip() {
        AuditCursor cursor = new AuditCursor(Instant.parse("2026-12-02T00:12:38.000001Z"), Long.MAX_VALUE);
        assertThat(AuditCursor.decode(cursor.encode())).isEqualTo(cursor);
    }
}
