package org.payercrd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.util.FhirTerser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;
import org.payercrd.fhir.FhirJson;
import org.payercrd.policy.Policy;
import org.payercrd.policy.PolicyCatalog;
import org.payercrd.policy.PolicyResourceValidator;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demo patients the compose seed container posts (fhir-resources/demo/): valid FHIR R4, a transaction a FHIR
 * server accepts as is, the four people the demo is about, and no effect on the policies the service loads from
 * the same folder tree.
 */
class DemoSeedBundleTest extends RunningService {

    static final Path SEED = Path.of("fhir-resources/demo/Bundle-crd-demo-seed.json");

    @Autowired
    FhirJson fhirJson;

    @Autowired
    PolicyResourceValidator validator;

    @Autowired
    PolicyCatalog catalog;

    private Bundle seed;
    private Map<String, Resource> byReference;

    @BeforeEach
    void readSeed() throws IOException {
        seed = fhirJson.parse(Bundle.class, Files.readString(SEED), SEED.toString());
        byReference = seed.getEntry().stream()
                .map(BundleEntryComponent::getResource)
                .collect(Collectors.toMap(r -> r.fhirType() + "/" + r.getIdPart(), Function.identity()));
    }

    @Test
    void isValidFhirR4() {
        assertThat(validator.errors(seed)).isEmpty();
    }

    @Test
    void isATransactionOfIdempotentPutsSoThatSeedingTwiceChangesNothing() {
        assertThat(seed.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(seed.getEntry()).allSatisfy(entry -> {
            String reference =
                    entry.getResource().fhirType() + "/" + entry.getResource().getIdPart();
            assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.PUT);
            assertThat(entry.getRequest().getUrl()).isEqualTo(reference);
            assertThat(entry.getFullUrl()).endsWith("/" + reference);
        });
    }

    @Test
    void everyReferenceResolvesInsideTheBundle() {
        FhirTerser terser = fhirJson.context().newTerser();
        List<String> references = seed.getEntry().stream()
                .flatMap(e -> terser.getAllPopulatedChildElementsOfType(e.getResource(), Reference.class).stream())
                .filter(Reference::hasReference)
                .map(Reference::getReference)
                .toList();

        assertThat(references)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(byReference).containsKey(r));
    }

    @Test
    void holdsThePremeraPancreaticCancerPacemakerMedicareAdvantageAndOtherPayerPatientsEachWithADraftIreOrder() {
        List<ServiceRequest> orders = resources(ServiceRequest.class);
        assertThat(orders).hasSize(4).allSatisfy(order -> {
            assertThat(order.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.DRAFT);
            assertThat(order.getCode().getCodingFirstRep().getCode()).isIn("0600T", "0601T");
        });
        assertThat(orders)
                .extracting(o -> coverageOf(o).getPayorFirstRep().getDisplay())
                .containsExactlyInAnyOrder(
                        "Premera Blue Cross", "Premera Blue Cross", "Premera Blue Cross", "Regence BlueShield");
        assertThat(orders).anySatisfy(o -> {
            assertThat(payorIs(o, "Premera Blue Cross")).isTrue();
            assertThat(reasonOf(o).getCode().getCoding())
                    .anySatisfy(c -> assertThat(c.getCode()).startsWith("C25"));
        });
        assertThat(orders)
                .anySatisfy(o -> assertThat(
                                coverageOf(o).getType().getCodingFirstRep().getCode())
                        .startsWith("11"));
        assertThat(resources(Device.class)).singleElement().satisfies(d -> {
            assertThat(d.getType().getCodingFirstRep().getCode()).isEqualTo("14106009");
            assertThat(payorIs(orderOf(d.getPatient().getReference()), "Premera Blue Cross"))
                    .isTrue();
        });
    }

    @Test
    void demoFolderAddsNoPolicy() {
        assertThat(catalog.policies())
                .extracting(Policy::id)
                .doesNotContain("demo")
                .isNotEmpty();
    }

    @Test
    void demoRequestsAreAboutSeededPatientsAndCarryTheSeededOrders() throws IOException {
        List<Path> requests;
        try (var files = Files.list(Path.of("demo/requests"))) {
            requests = files.sorted().toList();
        }
        assertThat(requests).hasSize(4);
        for (Path request : requests) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.toFile());
            String patient = json.at("/context/patientId").asText();
            Bundle draftOrders = fhirJson.parse(Bundle.class, json.at("/context/draftOrders"), request.toString());
            ServiceRequest sent =
                    (ServiceRequest) draftOrders.getEntryFirstRep().getResource();

            assertThat(byReference).containsKey("Patient/" + patient);
            assertThat(fhirJson.encode(sent))
                    .isEqualTo(fhirJson.encode(byReference.get("ServiceRequest/" + sent.getIdPart())));
            assertThat(json.at("/fhirServer").asText()).isEqualTo("http://hapi:8080/fhir");
        }
    }

    private <T extends Resource> List<T> resources(Class<T> type) {
        return byReference.values().stream()
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private Coverage coverageOf(ServiceRequest order) {
        return (Coverage) byReference.get(order.getInsuranceFirstRep().getReference());
    }

    private Condition reasonOf(ServiceRequest order) {
        return (Condition) byReference.get(order.getReasonReferenceFirstRep().getReference());
    }

    private ServiceRequest orderOf(String patientReference) {
        return resources(ServiceRequest.class).stream()
                .filter(o -> patientReference.equals(o.getSubject().getReference()))
                .findFirst()
                .orElseThrow();
    }

    private boolean payorIs(ServiceRequest order, String payer) {
        return payer.equals(coverageOf(order).getPayorFirstRep().getDisplay());
    }
}
