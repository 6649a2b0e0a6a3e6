package org.payercrd.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One test case of a policy, read from a JSON file in the policy folder's {@code tests/}: a CDS Hooks request and
 * what the payer must answer to it. The format is described in docs/policy-authoring.md.
 *
 * A case gives either {@code request}, or {@code order} and {@code resources}, from which the request is built
 * ({@link CaseRequestBuilder}): the short form, for an analyst who thinks in orders and patients, not in hooks.
 *
 * @param service   the CDS Service to call; when absent, the first service configured for the request's hook
 *                  ({@code order-sign} for the short form)
 * @param request   the CDS Hooks request, exactly as an EHR would send it
 * @param order     the draft order (a FHIR resource) the short form signs
 * @param resources the patient's FHIR resources the short form prefetches: the Patient, Coverage, Conditions...
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PolicyCase(
        String description,
        String service,
        JsonNode request,
        JsonNode order,
        List<JsonNode> resources,
        Expected expect) {

    public List<JsonNode> resourcesOrEmpty() {
        return resources == null ? List.of() : resources;
    }

    /**
     * @param cards    every card the answer must hold, and no others: each matched by a different card
     * @param covered  the coverage-information {@code covered} value the order must carry, or {@code "none"} for no
     *                 coverage information at all; when absent, not checked
     * @param links    URLs (or parts of them) that some card must link to
     */
    public record Expected(List<ExpectedCard> cards, String covered, List<String> links) {

        public List<ExpectedCard> cardsOrEmpty() {
            return cards == null ? List.of() : cards;
        }

        public List<String> linksOrEmpty() {
            return links == null ? List.of() : links;
        }
    }

    /**
     * @param summary   a part of the card's summary, compared ignoring case: a short, stable phrase, not the
     *                  whole sentence, so that a wording edit does not break the case
     * @param indicator {@code info}, {@code warning} or {@code critical}; when absent, not checked
     * @param topic     the code of the card's {@code source.topic}; when absent, not checked
     */
    public record ExpectedCard(String summary, String indicator, String topic) {}
}
