package org.payercrd.policy;

import java.util.List;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness: the service may take traffic only when every policy is loaded, validated, compiled and warmed up.
 * The catalog is built before the application context finishes starting (a broken policy stops start-up), so once
 * this indicator exists it reports UP with what is being served; it is part of the readiness group so that
 * readiness keeps that meaning if loading ever moves off the start-up path.
 */
@Component("policies")
public class PoliciesHealthIndicator extends AbstractHealthIndicator {

    private final PolicyCatalog catalog;

    public PoliciesHealthIndicator(PolicyCatalog catalog) {
        super("Policy catalog check failed");
        this.catalog = catalog;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        LoadedPolicies loaded = catalog.current();
        if (loaded.policies().isEmpty()) {
            builder.outOfService().withDetail("policies", List.of());
            return;
        }
        builder.up()
                .withDetail("policies", loaded.versions())
                .withDetail("loadedInMillis", loaded.loadMillis());
    }
}
