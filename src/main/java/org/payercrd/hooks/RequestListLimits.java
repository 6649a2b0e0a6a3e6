package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.payercrd.CrdProperties;
import org.payercrd.Problems;
import org.springframework.stereotype.Component;

/**
 * The lengths of a request's lists whose cost grows faster than their bytes, checked on the JSON tree before HAPI or
 * the CQL sees them: the policy matches an order's codes by union and distinct (10,000 codings on one order took
 * 11.8 s, 20,000 took 45 s) and reviews and answers each order (5,000 orders took 6-13 s and a 2.9 MB answer), all
 * within the 4 MB body limit. The limits ({@code crd.request.*}) are far above what a real request holds.
 */
@Component
public class RequestListLimits {

    private final CrdProperties.Request limits;

    public RequestListLimits(CrdProperties properties) {
        this.limits = properties.request();
    }

    /** Adds one problem per list past its limit, each naming the list by its path in the request. */
    public void check(CdsServiceRequest request, Problems problems) {
        JsonNode context = request.context();
        if (context != null && context.isObject()) {
            checkOrders(context, "draftOrders", problems);
            checkOrders(context, "appointments", problems);
            checkCodings(context, "context", problems);
        }
        request.prefetchOrEmpty().forEach((key, json) -> {
            String path = "prefetch." + key;
            JsonNode entries = json == null ? null : json.get("entry");
            if (entries != null && entries.isArray() && entries.size() > limits.maxResourcesPerPrefetch()) {
                problems.add(path + ".entry has " + entries.size() + " resources; at most "
                        + limits.maxResourcesPerPrefetch()
                        + " in one prefetch value (crd.request.max-resources-per-prefetch)");
            }
            checkCodings(json, path, problems);
        });
    }

    private void checkOrders(JsonNode context, String bundleField, Problems problems) {
        JsonNode entries = context.path(bundleField).get("entry");
        if (entries != null && entries.isArray() && entries.size() > limits.maxOrders()) {
            problems.add("context." + bundleField + ".entry has " + entries.size() + " orders; at most "
                    + limits.maxOrders() + " in one call (crd.request.max-orders)");
        }
    }

    private void checkCodings(JsonNode node, String path, Problems problems) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String fieldPath = path + "." + field.getKey();
                JsonNode value = field.getValue();
                if ("coding".equals(field.getKey())
                        && value.isArray()
                        && value.size() > limits.maxCodingsPerConcept()) {
                    problems.add(
                            fieldPath + " has " + value.size() + " codings; at most " + limits.maxCodingsPerConcept()
                                    + " in one CodeableConcept (crd.request.max-codings-per-concept)");
                } else {
                    checkCodings(value, fieldPath, problems);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkCodings(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }
}
