package org.payercrd.fhir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One copy of each resource (by type and id) out of resources gathered from several places: an EHR may send the
 * same Coverage under two prefetch keys, or a draft order again in a prefetched Bundle, and counting it twice would
 * make one order two, or one plan two plans. The first copy wins; a copy that differs from it is noted in the debug
 * log, since that is an EHR sending conflicting data. Resources without an id cannot be told apart and are all kept.
 */
public final class DistinctResources {

    private static final Logger log = LoggerFactory.getLogger(DistinctResources.class);

    private DistinctResources() {}

    /** The resources in order, each type and id once; {@code from} names, for the log, where each list came from. */
    public static List<Resource> firstCopies(List<Resource> resources, String from) {
        Map<String, Resource> seen = new LinkedHashMap<>();
        List<Resource> distinct = new ArrayList<>();
        for (Resource resource : resources) {
            String identity = identity(resource);
            if (identity == null) {
                distinct.add(resource);
                continue;
            }
            Resource first = seen.putIfAbsent(identity, resource);
            if (first == null) {
                distinct.add(resource);
            } else if (!first.equalsDeep(resource) && log.isDebugEnabled()) {
                log.debug("{} holds two different copies of {}; the first one is used", from, identity);
            }
        }
        return distinct;
    }

    /**
     * {@code others} less any resource that one of {@code preferred} already is (same type and id); {@code why} says,
     * for the log, which two sources differ and which one wins.
     */
    public static List<Resource> without(List<Resource> others, List<Resource> preferred, String why) {
        Map<String, Resource> preferredById = new LinkedHashMap<>();
        preferred.forEach(r -> {
            String identity = identity(r);
            if (identity != null) {
                preferredById.putIfAbsent(identity, r);
            }
        });
        List<Resource> kept = new ArrayList<>();
        for (Resource resource : others) {
            String identity = identity(resource);
            Resource winner = identity == null ? null : preferredById.get(identity);
            if (winner == null) {
                kept.add(resource);
            } else if (!winner.equalsDeep(resource) && log.isDebugEnabled()) {
                log.debug("{} differs between {}", identity, why);
            }
        }
        return kept;
    }

    /** {@code Type/id}, or null for a resource without an id. */
    static String identity(Resource resource) {
        String id = resource.getIdElement().getIdPart();
        return id == null || id.isBlank() ? null : RelativeReference.of(resource.fhirType(), id);
    }
}
