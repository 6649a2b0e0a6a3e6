package org.payercrd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.payercrd.CrdVersion;

/**
 * The rules of the CRD coverage-information extension, checked on the JSON a client receives: the cardinalities
 * and required bindings of its sub-extensions in the client's CRD version, the {@code detail} shape, and the
 * invariants crd-ci-q1 to q9. The CRD profiles cannot be downloaded here, so HAPI cannot check them; these rules
 * are written down from the IG (2.0.1 and 2.2.1), independently of the code that builds the extension.
 */
final class CoverageInformationInvariants {

    private static final Pattern FHIR_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private static final Map<String, Set<String>> CODES_2_0 = Map.of(
            "covered", Set.of("covered", "not-covered", "conditional"),
            "pa-needed", Set.of("no-auth", "auth-needed", "satisfied", "performpa", "conditional"),
            "doc-needed", Set.of("no-doc", "clinical", "admin", "both", "conditional"),
            "doc-purpose", Set.of("withpa", "withclaim", "withorder", "retain-doc"),
            "info-needed", Set.of("performer", "location", "timeframe"));

    private static final Map<String, Set<String>> CODES_2_2 = Map.of(
            "covered", Set.of("covered", "not-covered", "conditional", "indeterminate"),
            "pa-needed", Set.of("no-auth", "auth-needed", "satisfied", "performpa", "conditional", "indeterminate"),
            "doc-needed", Set.of("clinical", "admin", "patient", "conditional", "indeterminate"),
            "doc-purpose", Set.of("withpa", "withclaim", "withorder", "retain-doc", "OTH"),
            "info-needed", Set.of("performer", "location", "timeframe", "contract-window", "detail-code", "OTH"));

    /** ValueSet coverageAssertionReasons (extensible): a reason coded from it needs no text (crd-ci-q7). */
    private static final Set<String> ASSERTION_REASONS =
            Set.of("gold-card", "no-member-found", "no-active-coverage", "coverage-not-found", "auth-out-network");

    private static final Set<String> ASSERTION_REASON_SYSTEMS = Set.of(
            "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp", "http://terminology.hl7.org/CodeSystem/v3-ActReason");

    private static final Set<String> DETAIL_CATEGORIES = Set.of("cat-limitation", "cat-decisional", "cat-other");
    private static final Set<String> DETAIL_VALUE_TYPES =
            Set.of("valueBoolean", "valueString", "valueUrl", "valueQuantity", "valuePeriod");

    private CoverageInformationInvariants() {}

    static List<String> check(JsonNode extension, CrdVersion version) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> codes = version.atLeast(CrdVersion.V2_2) ? CODES_2_2 : CODES_2_0;
        for (JsonNode sub : extension.path("extension")) {
            if (!sub.path("url").isTextual()) {
                problems.add("a sub-extension has no url: " + sub);
            }
        }
        exactlyOne(extension, "coverage", "valueReference", problems);
        if (!value(extension, "coverage", "valueReference")
                .path("reference")
                .asText()
                .startsWith("Coverage/")) {
            problems.add("coverage must reference a Coverage");
        }
        exactlyOne(extension, "covered", "valueCode", problems);
        exactlyOne(extension, "date", "valueDate", problems);
        exactlyOne(extension, "coverage-assertion-id", "valueString", problems);
        atMostOne(extension, "pa-needed", problems);
        atMostOne(extension, "satisfied-pa-id", problems);
        atMostOne(extension, "expiry-date", problems);
        if (!FHIR_DATE.matcher(value(extension, "date", "valueDate").asText()).matches()) {
            problems.add("date must be a FHIR date (YYYY-MM-DD)");
        }
        if (!version.atLeast(CrdVersion.V2_2) && !subs(extension, "expiry-date").isEmpty()) {
            problems.add("expiry-date is CRD 2.2 only; a 2.0 client must not get it");
        }
        codes.forEach((url, allowed) -> {
            for (String code : codes(extension, url)) {
                if (!allowed.contains(code)) {
                    problems.add(url + " '" + code + "' is not in CRD " + version + "'s required value set " + allowed);
                }
            }
        });
        details(extension, version, problems);
        invariants(extension, problems);
        return problems;
    }

    private static void invariants(JsonNode extension, List<String> problems) {
        List<String> covered = codes(extension, "covered");
        List<String> paNeeded = codes(extension, "pa-needed");
        List<String> docNeeded = codes(extension, "doc-needed");
        List<String> docPurpose = codes(extension, "doc-purpose");
        List<String> infoNeeded = codes(extension, "info-needed");
        boolean hasReason = !subs(extension, "reason").isEmpty();
        if (!subs(extension, "questionnaire").isEmpty() && docNeeded.isEmpty()) {
            problems.add("crd-ci-q1: questionnaire is only allowed when doc-needed exists");
        }
        if (covered.contains("not-covered") && !paNeeded.isEmpty()) {
            problems.add("crd-ci-q2: covered is not-covered, so pa-needed must not exist");
        }
        boolean conditional = covered.contains("conditional")
                || paNeeded.contains("conditional")
                || docNeeded.contains("conditional");
        if (conditional != !infoNeeded.isEmpty()) {
            problems.add(
                    "crd-ci-q3: info-needed must exist if and only if covered, pa-needed or doc-needed is conditional");
        }
        boolean noPaToAttach =
                paNeeded.contains("satisfied") || paNeeded.contains("no-auth") || covered.contains("not-covered");
        if (noPaToAttach && docPurpose.contains("withpa")) {
            problems.add(
                    "crd-ci-q4: doc-purpose cannot be withpa when pa-needed is satisfied or no-auth, or the service is not covered");
        }
        if (paNeeded.contains("satisfied")
                != !subs(extension, "satisfied-pa-id").isEmpty()) {
            problems.add("crd-ci-q5: satisfied-pa-id must exist if and only if pa-needed is satisfied");
        }
        if (infoNeeded.contains("OTH") && !hasReason) {
            problems.add("crd-ci-q6: info-needed OTH needs a reason");
        }
        for (JsonNode reason : subs(extension, "reason")) {
            JsonNode concept = reason.path("valueCodeableConcept");
            boolean coded = concept.path("coding").isArray()
                    && !concept.path("coding").isEmpty()
                    && StreamSupport.stream(concept.path("coding").spliterator(), false)
                            .allMatch(c -> ASSERTION_REASON_SYSTEMS.contains(
                                            c.path("system").asText())
                                    && ASSERTION_REASONS.contains(c.path("code").asText()));
            if (!concept.path("text").isTextual() && !coded) {
                problems.add("crd-ci-q7: a reason not coded from coverageAssertionReasons needs text");
            }
        }
        if (docPurpose.stream().anyMatch(p -> !"conditional".equals(p)) && !hasReason) {
            problems.add("crd-ci-q8: doc-purpose needs a reason");
        }
        boolean indeterminate = covered.contains("indeterminate")
                || paNeeded.contains("indeterminate")
                || docNeeded.contains("indeterminate");
        if (indeterminate && !hasReason) {
            problems.add("crd-ci-q9: an indeterminate assertion needs a reason");
        }
    }

    private static void details(JsonNode extension, CrdVersion version, List<String> problems) {
        for (JsonNode detail : subs(extension, "detail")) {
            if (!version.atLeast(CrdVersion.V2_2)) {
                if (!subs(detail, "category").isEmpty()
                        || !value(detail, "value", "valueUrl").isMissingNode()) {
                    problems.add("detail category and url values are CRD 2.2 only; a 2.0 client must not get them");
                }
                continue;
            }
            exactlyOne(detail, "category", "valueCode", problems);
            exactlyOne(detail, "code", "valueCodeableConcept", problems);
            atMostOne(detail, "qualification", problems);
            for (String category : codes(detail, "category")) {
                if (!DETAIL_CATEGORIES.contains(category)) {
                    problems.add("detail category '" + category + "' is not in " + DETAIL_CATEGORIES);
                }
            }
            List<JsonNode> values = subs(detail, "value");
            if (values.size() != 1
                    || DETAIL_VALUE_TYPES.stream().noneMatch(t -> values.get(0).has(t))) {
                problems.add("detail needs exactly one value of type boolean, string, url, Quantity or Period");
            }
        }
    }

    private static void exactlyOne(JsonNode extension, String url, String valueType, List<String> problems) {
        List<JsonNode> found = subs(extension, url);
        if (found.size() != 1) {
            problems.add(url + " must occur exactly once, found " + found.size());
        } else if (!found.get(0).has(valueType)) {
            problems.add(url + " must have a " + valueType);
        }
    }

    private static void atMostOne(JsonNode extension, String url, List<String> problems) {
        if (subs(extension, url).size() > 1) {
            problems.add(url + " may occur at most once");
        }
    }

    static List<JsonNode> subs(JsonNode extension, String url) {
        List<JsonNode> found = new ArrayList<>();
        for (Iterator<JsonNode> it = extension.path("extension").elements(); it.hasNext(); ) {
            JsonNode sub = it.next();
            if (url.equals(sub.path("url").asText())) {
                found.add(sub);
            }
        }
        return found;
    }

    static List<String> codes(JsonNode extension, String url) {
        return subs(extension, url).stream()
                .map(s -> s.path("valueCode").asText())
                .toList();
    }

    static JsonNode value(JsonNode extension, String url, String valueType) {
        List<JsonNode> found = subs(extension, url);
        return found.isEmpty()
                ? com.fasterxml.jackson.databind.node.MissingNode.getInstance()
                : found.get(0).path(valueType);
    }
}
