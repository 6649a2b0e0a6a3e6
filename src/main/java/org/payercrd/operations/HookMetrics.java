package org.payercrd.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * The service's own meters, exported with the JVM's and Tomcat's at {@code /actuator/prometheus}. Every tag value
 * comes from configuration or from the policies (service ids, hooks, policy ids, CRD coverage codes, prefetch keys),
 * never from what a caller sends, so that no caller can blow up the number of time series.
 */
@Component
public class HookMetrics {

    /** Hook calls by service, hook and outcome, with a latency histogram (Prometheus {@code _bucket}s). */
    public static final String HOOK_CALLS = "crd.hook.calls";
    /** Policy evaluations by policy and the coverage they asserted ({@code no-assertion} when none). */
    public static final String DECISIONS = "crd.policy.decisions";
    /** Patient data read from the EHR's FHIR server because prefetch lacked it, by prefetch key and outcome. */
    public static final String FALLBACK_FETCHES = "crd.fallback.fetches";
    /** Policy reloads ({@code crd.policies.reload}) by outcome: {@code loaded} (now served) or {@code refused}. */
    public static final String POLICY_RELOADS = "crd.policies.reloads";

    private final MeterRegistry registry;

    public HookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void hookCall(String service, String hook, String outcome, long nanos) {
        Timer.builder(HOOK_CALLS)
                .description("CDS Hooks service calls")
                .tag("service", service)
                .tag("hook", hook)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void decision(String policy, String outcome) {
        Counter.builder(DECISIONS)
                .description("Policy evaluations of one order, by the coverage they asserted")
                .tag("policy", policy)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    public void fallbackFetch(String prefetchKey, boolean succeeded) {
        Counter.builder(FALLBACK_FETCHES)
                .description("Reads from the EHR's FHIR server for data prefetch did not carry")
                .tag("key", prefetchKey)
                .tag("outcome", succeeded ? "fetched" : "failed")
                .register(registry)
                .increment();
    }

    /** The reload counter of one outcome, registered up front so that both read 0 before the first reload. */
    public Counter policyReloads(String outcome) {
        return Counter.builder(POLICY_RELOADS)
                .description("Policy reloads: new policy versions served (loaded) or refused, the old ones serving on")
                .tag("outcome", outcome)
                .register(registry);
    }
}
