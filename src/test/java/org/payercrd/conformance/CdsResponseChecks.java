package org.payercrd.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.parser.DataFormatException;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.CrdVersion;
import org.payercrd.policy.PolicyResourceValidator;

/**
 * The checks the Inferno "Da Vinci CRD Server" suite runs on every service response (cards_validation.rb,
 * suggestion_actions_validation.rb, service_response_validation_test.rb, card_optional_fields_validation_test.rb,
 * coverage_information_system_action_validation_test.rb), plus what it leaves to a FHIR validator with the CRD
 * profiles and what it does not check: HAPI R4 validation of every returned resource, the coverage-information
 * rules and invariants, the order echoed unchanged, and that a client gets only the content of its CRD version.
 * Each method returns every problem it finds, phrased like Inferno's messages.
 */
final class CdsResponseChecks {

    /** Inferno SYSTEM_ACTIONS_HOOK_NAMES: hooks whose responses must carry a systemActions array. */
    static final Set<String> SYSTEM_ACTIONS_HOOKS = Set.of("appointment-book", "order-sign", "order-dispatch");

    static final String CARD_TYPES_2_0 = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp";
    static final String CARD_TYPES_2_2 = "http://terminology.hl7.org/CodeSystem/cdshooks-card-type";
    static final String ASSOCIATED_RESOURCE = "davinci-crd.associated-resource";

    /** Elements a CRD order profile requires; the echoed order keeps them when the EHR sent them. */
    private static final List<String> ORDER_ELEMENTS = List.of(
            "code", "code[x]", "medication[x]", "subject", "patient", "authoredOn", "requester", "status", "intent");

    private final FhirContext fhirContext;
    private final PolicyResourceValidator validator;

    CdsResponseChecks(FhirContext fhirContext, PolicyResourceValidator validator) {
        this.fhirContext = fhirContext;
        this.validator = validator;
    }

    /** Everything below, for one exchange. */
    List<String> all(HookExchange exchange) {
        List<String> problems = new ArrayList<>();
        if (exchange.status() != 200) {
            problems.add("Server response status was " + exchange.status() + ", expected 200");
            return problems;
        }
        if (exchange.response() == null) {
            problems.add("Invalid JSON: server response is not a valid JSON.");
            return problems;
        }
        problems.addAll(serviceResponse(exchange));
        problems.addAll(cardOptionalFields(exchange));
        problems.addAll(returnedResources(exchange));
        problems.addAll(coverageInformation(exchange));
        problems.addAll(ordersEchoed(exchange));
        problems.addAll(versionShape(exchange));
        return problems;
    }

    /** Inferno "All service responses contain valid cards and optional systemActions". */
    List<String> serviceResponse(HookExchange exchange) {
        List<String> problems = new ArrayList<>();
        JsonNode cards = exchange.response().get("cards");
        if (cards == null) {
            problems.add("Server response did not have the `cards` field.");
        } else if (!cards.isArray()) {
            problems.add("`cards` field of server response is not an array.");
        } else {
            for (JsonNode card : cards) {
                requireText(card, "summary", "Card", problems);
                requireText(card, "indicator", "Card", problems);
                requireObject(card, "source", "Card", problems);
                if (card.path("summary").isTextual()
                        && card.path("summary").asText().length() >= 140) {
                    problems.add("`summary` is over the 140-character limit: `" + card + "`");
                }
                if (card.path("indicator").isTextual()
                        && !Set.of("info", "warning", "critical")
                                .contains(card.path("indicator").asText())) {
                    problems.add("`indicator` is `" + card.path("indicator").asText()
                            + "`. Allowed values are `info`, `warning`, `critical`");
                }
                JsonNode source = card.path("source");
                if (source.isObject()) {
                    requireText(source, "label", "Source", problems);
                    requireObject(source, "topic", "Source", problems);
                    if (source.path("topic").isObject()) {
                        requireText(source.path("topic"), "code", "Source topic", problems);
                        requireText(source.path("topic"), "system", "Source topic", problems);
                    }
                }
            }
        }
        JsonNode systemActions = exchange.response().get("systemActions");
        if (SYSTEM_ACTIONS_HOOKS.contains(exchange.hook()) && systemActions == null) {
            problems.add("Server response did not have the `systemActions` field, which must be present for the '"
                    + exchange.hook() + "' hook.");
        }
        if (systemActions != null) {
            if (!systemActions.isArray()) {
                problems.add("`systemActions` of server response is not an array.");
            } else {
                systemActions.forEach(action -> problems.addAll(action(action)));
            }
        }
        return problems;
    }

    /** Inferno "Cards contain valid optional fields": uuid, detail, suggestions, overrideReasons, links. */
    List<String> cardOptionalFields(HookExchange exchange) {
        List<String> problems = new ArrayList<>();
        for (JsonNode card : exchange.cards()) {
            optionalType(card, "uuid", JsonNode::isTextual, "String", problems);
            optionalType(card, "detail", JsonNode::isTextual, "String", problems);
            optionalType(card, "suggestions", JsonNode::isArray, "Array", problems);
            optionalType(card, "overrideReasons", JsonNode::isArray, "Array", problems);
            optionalType(card, "links", JsonNode::isArray, "Array", problems);
            JsonNode suggestions = card.path("suggestions");
            if (suggestions.isArray() && !suggestions.isEmpty()) {
                String behaviour = card.path("selectionBehavior").asText(null);
                if (behaviour == null) {
                    problems.add("`Card.selectionBehavior` must be provided if suggestions are present. In Card `"
                            + card + "`");
                } else if (!Set.of("at-most-one", "any").contains(behaviour)) {
                    problems.add("`selectionBehavior` " + behaviour + " not allowed.");
                }
                for (JsonNode suggestion : suggestions) {
                    requireText(suggestion, "label", "Suggestion", problems);
                    JsonNode actions = suggestion.get("actions");
                    if (actions != null) {
                        if (!actions.isArray()) {
                            problems.add("Suggestion `actions` field is not of type Array: `" + suggestion + "`");
                        } else if (actions.isEmpty()) {
                            problems.add(
                                    "Suggestion `actions` field should not be an empty Array: `" + suggestion + "`");
                        } else {
                            actions.forEach(action -> problems.addAll(action(action)));
                        }
                    }
                }
            }
            for (JsonNode reason : card.path("overrideReasons")) {
                requireText(reason, "code", "OverrideReason Coding", problems);
                requireText(reason, "system", "OverrideReason Coding", problems);
                requireText(reason, "display", "OverrideReason Coding", problems);
            }
            for (JsonNode link : card.path("links")) {
                requireText(link, "label", "Link", problems);
                requireText(link, "type", "Link", problems);
                if (!isAbsoluteHttpUrl(link.path("url").asText(null))) {
                    problems.add("`Link.url` must be an absolute http(s) URL: `" + link + "`");
                }
                String type = link.path("type").asText();
                if (!Set.of("absolute", "smart").contains(type)) {
                    problems.add("`Link.type` must be `absolute` or `smart`. Got `" + type + "`");
                } else if ("absolute".equals(type) && link.hasNonNull("appContext")) {
                    problems.add("`appContext` field should only be valued if the link type is smart: `" + link + "`");
                }
            }
        }
        return problems;
    }

    /** Inferno {@code action_fields_validation}: type and description; a parseable resource, or a resourceId for delete. */
    List<String> action(JsonNode action) {
        List<String> problems = new ArrayList<>();
        requireText(action, "type", "Action", problems);
        requireText(action, "description", "Action", problems);
        String type = action.path("type").asText();
        if (!Set.of("create", "update", "delete").contains(type)) {
            problems.add("Action type value `" + type + "` is not allowed. Allowed values: create, update and delete.");
        } else if ("delete".equals(type)) {
            if (!action.path("resourceId").isTextual()
                    || !action.path("resourceId").asText().contains("/")) {
                problems.add("`delete` Action: `resourceId` must be a ResourceType/id reference: `" + action + "`");
            }
        } else if (!action.has("resource")) {
            problems.add("`Action.resource` must be present for `" + type + "` actions: `" + action + "`.");
        } else if (parse(action.path("resource")) == null) {
            problems.add("`Action.resource` must be a FHIR resource: `" + action + "`.");
        }
        return problems;
    }

    /** Every FHIR resource returned (system actions and suggestion actions) is valid FHIR R4 (HAPI instance validator). */
    List<String> returnedResources(HookExchange exchange) {
        List<String> problems = new ArrayList<>();
        for (JsonNode resource : returnedResourceNodes(exchange)) {
            validator
                    .errors(resource.toString())
                    .forEach(error -> problems.add(resource.path("resourceType").asText() + "/"
                            + resource.path("id").asText() + " is not valid R4: " + error.getLocationString() + ": "
                            + error.getMessage()));
        }
        return problems;
    }

    /**
     * Inferno "All Coverage Information system actions received are valid": type update; per resource, one
     * coverage-assertion-id (and at most one satisfied-pa-id) per coverage and distinct ones across coverages. Here
     * across the whole response, as CRD means it; plus every extension's rules and invariants (q1-q9).
     */
    List<String> coverageInformation(HookExchange exchange) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> idsByCoverage = new LinkedHashMap<>();
        Map<String, Set<String>> paIdsByCoverage = new HashMap<>();
        for (JsonNode action : exchange.systemActions()) {
            if (!CardKinds.isCoverageInformationAction(action)) {
                continue;
            }
            if (!"update".equals(action.path("type").asText())) {
                problems.add("`type` must be `update`, but was `"
                        + action.path("type").asText() + "`");
            }
            for (JsonNode extension : action.path("resource").path("extension")) {
                if (!CardKinds.COVERAGE_INFORMATION_URL.equals(
                        extension.path("url").asText())) {
                    continue;
                }
                String coverage = CoverageInformationInvariants.value(extension, "coverage", "valueReference")
                        .path("reference")
                        .asText();
                CoverageInformationInvariants.subs(extension, "coverage-assertion-id")
                        .forEach(id -> idsByCoverage
                                .computeIfAbsent(coverage, c -> new LinkedHashSet<>())
                                .add(id.path("valueString").asText()));
                CoverageInformationInvariants.subs(extension, "satisfied-pa-id")
                        .forEach(id -> paIdsByCoverage
                                .computeIfAbsent(coverage, c -> new LinkedHashSet<>())
                                .add(id.path("valueString").asText()));
                CoverageInformationInvariants.check(extension, exchange.version())
                        .forEach(problem -> problems.add(reference(action.path("resource")) + ": " + problem));
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        idsByCoverage.forEach((coverage, ids) -> {
            if (ids.size() != 1) {
                problems.add("extension has multiple repetitions of coverage `" + coverage
                        + "` with different coverage-assertion-ids.");
            }
            for (String id : ids) {
                if (!seen.add(id)) {
                    problems.add(
                            "extensions referencing differing coverage SHALL have distinct coverage-assertion-ids.");
                }
            }
        });
        paIdsByCoverage.forEach((coverage, ids) -> {
            if (ids.size() > 1) {
                problems.add("extension has multiple repetitions of coverage `" + coverage
                        + "` with different satisfied-pa-ids.");
            }
        });
        return problems;
    }

    /**
     * An updated order is the one the EHR sent, unchanged but for the coverage-information extension, and keeps
     * the elements a CRD order profile requires (code, subject, authoredOn, requester, status, intent).
     */
    List<String> ordersEchoed(HookExchange exchange) {
        List<String> problems = new ArrayList<>();
        Map<String, Resource> sent = sentResources(exchange.request());
        for (JsonNode action : exchange.systemActions()) {
            if (!"update".equals(action.path("type").asText())
                    || !(parse(action.path("resource")) instanceof DomainResource returned)) {
                continue;
            }
            String reference = reference(action.path("resource"));
            Resource original = sent.get(reference);
            if (original == null) {
                problems.add(reference + " is updated, but the request did not carry it");
                continue;
            }
            RuntimeResourceDefinition definition = fhirContext.getResourceDefinition(original);
            for (String element : ORDER_ELEMENTS) {
                BaseRuntimeChildDefinition child = definition.getChildByName(element);
                if (child != null
                        && !child.getAccessor().getValues(original).isEmpty()
                        && child.getAccessor().getValues(returned).isEmpty()) {
                    problems.add(reference + " lost its " + element);
                }
            }
            DomainResource stripped = withoutCoverageInformation(returned);
            DomainResource expected = withoutCoverageInformation((DomainResource) original);
            if (!stripped.equalsDeep(expected)) {
                problems.add(
                        reference
                                + " is not echoed unchanged: beyond the coverage information it differs from what the EHR sent");
            }
        }
        return problems;
    }

    /** A client gets the card-type codes, extensions and codes of the CRD version it asked for, and no other's. */
    List<String> versionShape(HookExchange exchange) {
        List<String> problems = new ArrayList<>();
        boolean v22 = exchange.version().atLeast(CrdVersion.V2_2);
        for (JsonNode card : exchange.cards()) {
            String system = card.path("source").path("topic").path("system").asText();
            String expected = v22 ? CARD_TYPES_2_2 : CARD_TYPES_2_0;
            if (!expected.equals(system)) {
                problems.add(
                        "CRD " + exchange.version() + " card topic must come from " + expected + ", not " + system);
            }
            JsonNode associated = card.path("extension").path(ASSOCIATED_RESOURCE);
            if (!v22 && !associated.isMissingNode()) {
                problems.add(ASSOCIATED_RESOURCE + " is CRD 2.2 content; a 2.0 client must not get it");
            }
            if (v22) {
                if (!card.path("uuid").isTextual()) {
                    problems.add("CRD 2.2 cards need a uuid: `" + card + "`");
                }
                if (!associated.isArray()
                        || associated.isEmpty()
                        || !associated.path(0).path("reference").asText().contains("/")) {
                    problems.add(ASSOCIATED_RESOURCE + " must be an array of References to the request: " + associated);
                }
                for (JsonNode suggestion : card.path("suggestions")) {
                    if (!suggestion.path("uuid").isTextual()) {
                        problems.add("CRD 2.2 suggestions need a uuid: `" + suggestion + "`");
                    }
                }
            }
        }
        return problems;
    }

    /** A copy without the coverage information, its id bare (a Bundle entry's id carries its fullUrl base). */
    private static DomainResource withoutCoverageInformation(DomainResource resource) {
        DomainResource copy = (DomainResource) resource.copy();
        copy.getExtension().removeIf(e -> CardKinds.COVERAGE_INFORMATION_URL.equals(e.getUrl()));
        copy.setId(resource.getIdPart());
        return copy;
    }

    List<JsonNode> returnedResourceNodes(HookExchange exchange) {
        List<JsonNode> resources = new ArrayList<>();
        exchange.systemActions().forEach(a -> {
            if (a.has("resource")) {
                resources.add(a.path("resource"));
            }
        });
        for (JsonNode card : exchange.cards()) {
            for (JsonNode suggestion : card.path("suggestions")) {
                suggestion.path("actions").forEach(a -> {
                    if (a.has("resource")) {
                        resources.add(a.path("resource"));
                    }
                });
            }
        }
        return resources;
    }

    /** Every resource in the request (context and prefetch, Bundles opened), by ResourceType/id. */
    Map<String, Resource> sentResources(JsonNode request) {
        Map<String, Resource> sent = new LinkedHashMap<>();
        List<JsonNode> nodes = new ArrayList<>();
        request.path("context").forEach(nodes::add);
        request.path("context").path("fulfillmentTasks").forEach(nodes::add);
        request.path("prefetch").forEach(nodes::add);
        for (JsonNode node : nodes) {
            if (!node.isObject() || !node.has("resourceType")) {
                continue;
            }
            IBaseResource resource = parse(node);
            if (resource instanceof Bundle bundle) {
                bundle.getEntry().stream()
                        .filter(Bundle.BundleEntryComponent::hasResource)
                        .forEach(e -> sent.put(
                                e.getResource().fhirType() + "/"
                                        + e.getResource().getIdPart(),
                                e.getResource()));
            } else if (resource instanceof Resource single) {
                sent.put(single.fhirType() + "/" + single.getIdPart(), single);
            }
        }
        return sent;
    }

    private IBaseResource parse(JsonNode resource) {
        try {
            return fhirContext.newJsonParser().parseResource(resource.toString());
        } catch (DataFormatException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String reference(JsonNode resource) {
        return resource.path("resourceType").asText() + "/"
                + resource.path("id").asText();
    }

    private static void requireText(JsonNode node, String field, String what, List<String> problems) {
        if (!node.path(field).isTextual()) {
            problems.add(what + " `" + node + "` did not contain required field `" + field + "` of type String");
        }
    }

    private static void requireObject(JsonNode node, String field, String what, List<String> problems) {
        if (!node.path(field).isObject()) {
            problems.add(what + " `" + node + "` did not contain required field `" + field + "` of type Hash");
        }
    }

    private static void optionalType(
            JsonNode node,
            String field,
            java.util.function.Predicate<JsonNode> isType,
            String type,
            List<String> problems) {
        if (node.hasNonNull(field) && !isType.test(node.get(field))) {
            problems.add("Card field `" + field + "` is not of type " + type + ": `" + node + "`");
        }
    }

    private static boolean isAbsoluteHttpUrl(String value) {
        if (value == null) {
            return false;
        }
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute()
                    && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
