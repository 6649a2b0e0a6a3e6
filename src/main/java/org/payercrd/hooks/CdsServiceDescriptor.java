package org.payercrd.hooks;

import java.util.Map;

/** One service as listed by {@code GET /cds-services}. */
public record CdsServiceDescriptor(
        String hook,
        String title,
        String description,
        String id,
        Map<String, String> prefetch,
        String usageRequirements,
        Map<String, Object> extension) {}
