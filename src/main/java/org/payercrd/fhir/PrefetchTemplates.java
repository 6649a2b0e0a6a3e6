package org.payercrd.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.payercrd.CrdProperties;
import org.payercrd.CrdProperties.HookService;
import org.springframework.stereotype.Component;

/**
 * The prefetch templates each configured service declares in discovery, parsed once at start-up. They are also
 * what the service reads from the EHR's FHIR server when the EHR did not prefetch them.
 */
@Component
public class PrefetchTemplates {

    private final Map<String, List<PrefetchTemplate>> byService = new LinkedHashMap<>();

    public PrefetchTemplates(CrdProperties properties) {
        for (HookService service : properties.services()) {
            List<PrefetchTemplate> templates = new ArrayList<>();
            service.prefetch().forEach((key, template) -> {
                try {
                    templates.add(PrefetchTemplate.parse(key, template));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("crd.services '" + service.id() + "': " + e.getMessage(), e);
                }
            });
            byService.put(service.id(), List.copyOf(templates));
        }
    }

    public List<PrefetchTemplate> forService(String serviceId) {
        return byService.getOrDefault(serviceId, List.of());
    }
}
