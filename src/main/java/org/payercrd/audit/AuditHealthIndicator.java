package org.payercrd.audit;

import java.time.Duration;
import org.payercrd.CrdProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Whether calls can be recorded now, so whether they get their coverage assertions: DOWN while the writer's last
 * batch failed (until one succeeds), or when a bounded query on {@code service_call} does not answer within the probe
 * timeout (a refused connection, a held lock). Every wait of the probe is bounded, so the health endpoint says DOWN
 * within about a second instead of after the pool's or the lock's time.
 *
 * <p>Not part of readiness (see README "Operations"): every replica shares the one store, so taking them all out of
 * service helps no one, while they still answer every card (without assertions) when it is down.
 */
@Component("audit")
public class AuditHealthIndicator extends AbstractHealthIndicator {

    /** The longest the probe's query or its lock wait may take; the pool's connection timeout bounds the rest. */
    private static final Duration MAX_PROBE = Duration.ofSeconds(1);

    private final AuditRepository repository;
    private final AuditWriter writer;
    private final Duration probeTimeout;

    public AuditHealthIndicator(AuditRepository repository, AuditWriter writer, CrdProperties properties) {
        super("Audit store check failed");
        this.repository = repository;
        this.writer = writer;
        Duration writeTimeout = properties.audit().writeTimeout();
        this.probeTimeout = writeTimeout.compareTo(MAX_PROBE) < 0 ? writeTimeout : MAX_PROBE;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (writer.failing()) {
            builder.down().withDetail("writer", "the last audit batch failed");
            return;
        }
        try {
            repository.probe(probeTimeout);
        } catch (RuntimeException e) {
            builder.down().withDetail("probe", AuditWriter.oneLine(e));
            return;
        }
        builder.up().withDetail("queued", writer.queued());
    }
}
