package dev.convnet.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Records audited calls. A failed write is logged and counted, never passed to the call it describes. */
@Service
class AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final AuditEventRepository repository;
    private final Counter writeFailures;

    AuditLog(AuditEventRepository repository, MeterRegistry registry) {
        this.repository = repository;
        this.writeFailures = Counter.builder("convnet.audit.write.failures")
                .description("Audit events that could not be stored").register(registry);
    }

    void record(AuditedCall call) {
        try {
            repository.insert(call);
        } catch (RuntimeException e) {
            writeFailures.increment();
            LOG.error("Audit event not stored: {} {} by {} answered {}", call.method(), call.path(), call.who(),
                    call.status(), e);
        }
    }
}
