package org.payercrd.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.payercrd.CrdProperties;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness: the service may take traffic only when every policy is loaded, validated, compiled and warmed up.
 * The catalog is built before the application context finishes starting (a broken policy stops start-up), so once
 * this indicator exists it reports UP with what is being served; it is part of the readiness group so that
 * readiness keeps that meaning if loading ever moves off the start-up path. With {@code crd.policies.reload} on, the
 * details also say since when the current versions are served and what the last refused reload was: a refusal
 * leaves the service UP, because the versions it had keep serving.
 */
@Component("policies")
public class PoliciesHealthIndicator extends AbstractHealthIndicator {

    /** A refusal's reason is the loader's message, which may list many problems; health shows its start. */
    static final int MAX_REASON = 4000;

    private final PolicyCatalog catalog;
    private final CrdProperties.Policies settings;

    public PoliciesHealthIndicator(PolicyCatalog catalog, CrdProperties properties) {
        super("Policy catalog check failed");
        this.catalog = catalog;
        this.settings = properties.policies();
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
                .withDetail("loadedInMillis", loaded.loadMillis())
                .withDetail("servedSince", catalog.servedSince().toString());
        if (settings.reload()) {
            builder.withDetail("reloadInterval", settings.reloadInterval().toString());
        }
        catalog.lastRefusal().ifPresent(refusal -> {
            Map<String, String> detail = new LinkedHashMap<>();
            detail.put("at", refusal.at().toString());
            detail.put(
                    "reason",
                    refusal.reason().length() > MAX_REASON
                            ? refusal.reason().substring(0, MAX_REASON) + "..."
                            : refusal.reason());
            builder.withDetail("lastRefusedReload", detail);
        });
    }
}
