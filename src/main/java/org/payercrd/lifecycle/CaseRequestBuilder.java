package org.payercrd.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.RelativeReference;
import org.payercrd.services.CdsServiceDefinition;

/**
 * Builds the CDS Hooks request of a short-form test case (an order and the patient's resources) the way an EHR
 * that honours the service's prefetch templates would: the order as the one draft order, each prefetch key filled
 * from the resources of the type its template asks for (the Patient for {@code Patient/{{context.patientId}}}, a
 * searchset Bundle for a search). A key whose type the case holds none of gets an empty Bundle, so that the review
 * never reads from a FHIR server: a test case answers from what it holds.
 */
class CaseRequestBuilder {

    private final FhirJson fhirJson;
    private final ObjectMapper objectMapper;

    CaseRequestBuilder(FhirJson fhirJson, ObjectMapper objectMapper) {
        this.fhirJson = fhirJson;
        this.objectMapper = objectMapper;
    }

    JsonNode build(String name, CdsServiceDefinition service, PolicyCase policyCase) {
        Resource order = (Resource) fhirJson.parseAny(policyCase.order(), name + " order");
        List<Resource> resources = new ArrayList<>();
        for (JsonNode resource : policyCase.resourcesOrEmpty()) {
            resources.add((Resource) fhirJson.parseAny(resource, name + " resources"));
        }
        Patient patient = resources.stream()
                .filter(Patient.class::isInstance)
                .map(Patient.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the case's resources hold no Patient"));
        String patientId = patient.getIdPart();

        ObjectNode request = objectMapper.createObjectNode();
        request.put("hook", service.hook());
        request.put(
                "hookInstance",
                java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString());
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/policy-test-case");
        context.put("patientId", patientId);
        Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
        drafts.addEntry().setFullUrl(RelativeReference.of(order)).setResource(order);
        context.set("draftOrders", tree(drafts));
        ObjectNode prefetch = request.putObject("prefetch");
        for (Map.Entry<String, String> template : service.discovery().prefetch().entrySet()) {
            String query = template.getValue();
            String type = query.split("[/?]", 2)[0];
            if (query.startsWith(type + "/")) {
                resources.stream()
                        .filter(r -> r.fhirType().equals(type))
                        .findFirst()
                        .ifPresent(r -> prefetch.set(template.getKey(), tree(r)));
            } else {
                Bundle searchset = new Bundle().setType(Bundle.BundleType.SEARCHSET);
                resources.stream()
                        .filter(r -> r.fhirType().equals(type))
                        .forEach(r -> searchset
                                .addEntry()
                                .setFullUrl(RelativeReference.of(r))
                                .setResource(r));
                searchset.setTotal(searchset.getEntry().size());
                prefetch.set(template.getKey(), tree(searchset));
            }
        }
        return request;
    }

    private JsonNode tree(IBaseResource resource) {
        try {
            return objectMapper.readTree(fhirJson.encode(resource));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("HAPI wrote JSON Jackson cannot read", e);
        }
    }
}
