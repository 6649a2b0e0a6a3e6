package org.payercrd.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * How the Inferno CRD test kit tells CRD response types apart (its {@code CardsIdentification}): by the shape of
 * a card or action, not by any label the server gives it.
 */
final class CardKinds {

    static final String COVERAGE_INFORMATION_URL =
            "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information";

    /** Resource types a coverage-information system action may update (Inferno COVERAGE_INFO_EXPECTED_RESOURCE_TYPES). */
    static final Set<String> COVERAGE_INFORMATION_TARGETS = Set.of(
            "Appointment",
            "CommunicationRequest",
            "DeviceRequest",
            "Encounter",
            "MedicationRequest",
            "NutritionOrder",
            "ServiceRequest",
            "VisionPrescription");

    private CardKinds() {}

    /** External Reference: every link is {@code absolute} (and there is at least one). */
    static boolean isExternalReference(JsonNode card) {
        JsonNode links = card.path("links");
        return links.isArray()
                && !links.isEmpty()
                && StreamSupport.stream(links.spliterator(), false)
                        .allMatch(l -> "absolute".equals(l.path("type").asText()));
    }

    /** Instructions: neither links nor suggestions. */
    static boolean isInstructions(JsonNode card) {
        return isBlank(card.path("links")) && isBlank(card.path("suggestions"));
    }

    /** Inferno {@code coverage_info_card_type?}: a card whose topic is {@code coverage-info}. */
    static boolean isCoverageInformationCard(JsonNode card) {
        return "coverage-info"
                        .equals(card.path("source").path("topic").path("code").asText())
                || "coverage-info".equals(card.path("source").path("type").asText());
    }

    /** Inferno {@code coverage_information_response_type?}: an action on an order type carrying the extension. */
    static boolean isCoverageInformationAction(JsonNode action) {
        JsonNode resource = action.path("resource");
        if (!COVERAGE_INFORMATION_TARGETS.contains(resource.path("resourceType").asText())) {
            return false;
        }
        return StreamSupport.stream(resource.path("extension").spliterator(), false)
                .anyMatch(e -> COVERAGE_INFORMATION_URL.equals(e.path("url").asText()));
    }

    private static boolean isBlank(JsonNode node) {
        return node.isMissingNode() || node.isNull() || (node.isArray() && node.isEmpty());
    }
}
