package org.payercrd.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.payercrd.lifecycle.ServedPolicy.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.payercrd.CrdApplication;
import org.payercrd.RunningService;
import org.payercrd.TestDatabases;
import org.payercrd.coverage.OrderAssertion;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.HookRequestReader;
import org.payercrd.policy.TestKnowledgeServer;
import org.payercrd.review.HookCallReview;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ServiceDirectory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Policies read from a FHIR knowledge server ({@code crd.policies.servers}): the real service loads the IRE policy
 * only from a HAPI server in the test JVM holding {@code fhir-resources/ire-nanoknife} (no policy folder: the
 * locations are empty), answers with the IRE cards, and its stored assertions name the server's version; a version
 * published on the server is served within seconds; a server that stops answering keeps the loaded catalog and the
 * health details say so; and a service whose server is unreachable at start-up does not start, naming it.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=" + TestDatabases.SERVICE_H2_URL,
            "crd.policies.locations=",
            "crd.policies.reload=true",
            "crd.policies.reload-interval=200ms"
        })
@AutoConfigureObservability(tracing = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KnowledgeServerPolicyTest extends RunningService {

    static final String PLAN = "https://payercrd.org/fhir/PlanDefinition/IreNanoKnifeCoverage";
    private static final String LIBRARY = "https://payercrd.org/fhir/Library/IreNanoKnifePolicy";

    private static final TestKnowledgeServer SERVER =
            TestKnowledgeServer.start().holdingFolder(Path.of("fhir-resources/ire-nanoknife"));

    @DynamicPropertySource
    static void readThePolicyFromTheServer(DynamicPropertyRegistry registry) {
        // One property source for the whole list: Spring binds a list's items from the first source holding any.
        registry.add("crd.policies.servers[0].url", SERVER::baseUrl);
        registry.add("crd.policies.servers[0].plan-definitions[0]", () -> PLAN);
    }

    @AfterAll
    static void stopTheServer() {
        SERVER.close();
    }

    @Test
    @Order(1)
    void theIrePolicyIsServedFromTheServerAndItsAssertionsNameTheServersVersion() {
        String version = SERVER.library("IreNanoKnifePolicy").getVersion();
        JsonPath answer = orderSign();

        assertThat(summaries(answer)).contains(NEXT_STEPS);
        assertThat(policyVersionOf(answer)).isEqualTo(version);
        assertThat(healthDetails().getList("policies", String.class))
                .containsExactly("IreNanoKnifeCoverage " + LIBRARY + "|" + version);
        // Every resource came from the server, by canonical: the PlanDefinition, its Library, the ValueSets.
        assertThat(SERVER.requests())
                .contains(
                        "GET PlanDefinition?url=" + PLAN,
                        "GET Library?url=" + LIBRARY,
                        "GET ValueSet?url=https://payercrd.org/fhir/ValueSet/ire-procedure-codes");
    }

    @Autowired
    ServiceDirectory directory;

    @Autowired
    HookCallReview review;

    @Autowired
    HookRequestReader requestReader;

    @Autowired
    ObjectMapper objectMapper;

    @Test
    @Order(2)
    void aVersionPublishedOnTheServerIsServedWithinSeconds() throws Exception {
        String before = SERVER.library("IreNanoKnifePolicy").getVersion();
        double loaded = sample(LOADED);
        JsonPath first = orderSign();
        // A call that has looked its service up when the reload swaps: it must finish on the policies of that lookup.
        CdsServiceDefinition lookedUpBefore = directory.find("crd-order-sign");
        String bumped = before + ".1";
        String reworded = "IRE not covered: talk it over with the patient, or request a plan exception";

        SERVER.update(Library.class, "IreNanoKnifePolicy", library -> {
            Attachment cql = library.getContent().stream()
                    .filter(c -> "text/cql".equals(c.getContentType()))
                    .findFirst()
                    .orElseThrow();
            String text = new String(cql.getData(), StandardCharsets.UTF_8);
            assertThat(text).contains("version '" + before + "'");
            cql.setData(text.replace("version '" + before + "'", "version '" + bumped + "'")
                    .getBytes(StandardCharsets.UTF_8));
            return (Library) library.setVersion(bumped);
        });
        SERVER.update(PlanDefinition.class, "IreNanoKnifeCoverage", plan -> {
            plan.getAction()
                    .forEach(a -> a.getAction().forEach(sub -> {
                        if (NEXT_STEPS.equals(sub.getTitle())) {
                            sub.setTitle(reworded);
                        }
                    }));
            plan.getAction().stream()
                    .filter(a -> NEXT_STEPS.equals(a.getTitle()))
                    .forEach(a -> a.setTitle(reworded));
            return plan;
        });

        JsonPath after = await().atMost(WITHIN)
                .pollInterval(Duration.ofMillis(250))
                .until(ServedPolicy::orderSign, answer -> summaries(answer).contains(reworded));

        assertThat(policyVersionOf(first)).isEqualTo(before);
        assertThat(policyVersionOf(after)).isEqualTo(bumped);
        assertThat(sample(LOADED)).isEqualTo(loaded + 1);
        assertThat(healthDetails().getList("policies", String.class))
                .containsExactly("IreNanoKnifeCoverage " + LIBRARY + "|" + bumped);
        assertThat(policyVersionsOfAReviewWith(lookedUpBefore)).containsOnly(before);
        assertThat(policyVersionsOfAReviewWith(directory.find("crd-order-sign")))
                .containsOnly(bumped);
    }

    /** The policy versions the assertions of one review name, reviewing through a service definition already found. */
    private List<String> policyVersionsOfAReviewWith(CdsServiceDefinition service) throws Exception {
        CdsServiceRequest request =
                objectMapper.readValue(fixture("requests/order-sign-ire-0600T.json"), CdsServiceRequest.class);
        List<String> versions =
                review.review(service, requestReader.read(service.hook(), request), request).assertions().stream()
                        .map(OrderAssertion::policyVersion)
                        .toList();
        assertThat(versions).isNotEmpty();
        return versions;
    }

    @Test
    @Order(3)
    void aServerThatStopsAnsweringKeepsTheLoadedCatalogAndHealthSaysSo() {
        String served = policyVersionOf(orderSign());
        double refused = sample(REFUSED);
        String base = SERVER.baseUrl();

        SERVER.close();

        await().atMost(WITHIN).until(() -> sample(REFUSED) == refused + 1);
        JsonPath answer = orderSign();
        assertThat(summaries(answer)).isNotEmpty();
        assertThat(policyVersionOf(answer)).isEqualTo(served);
        JsonPath health = healthDetails();
        assertThat(health.getList("policies", String.class))
                .containsExactly("IreNanoKnifeCoverage " + LIBRARY + "|" + served);
        assertThat(health.getString("lastRefusedReload.reason"))
                .contains("Knowledge server crd.policies.servers[0] " + base + " is unreachable")
                .contains("the loaded policies keep serving");
        // One outage is one refusal, not one per look.
        await().during(Duration.ofSeconds(1)).atMost(WITHIN).until(() -> sample(REFUSED) == refused + 1);
    }

    @Test
    @Order(4)
    void aServiceWhoseKnowledgeServerIsUnreachableAtStartUpDoesNotStartAndSaysWhich() {
        String unreachable = "http://127.0.0.1:1/fhir";
        // As an operator starts it: command-line settings, over application.yml (builder properties are beneath it).
        SpringApplicationBuilder app = new SpringApplicationBuilder(CrdApplication.class);
        String[] settings = {
            "--server.port=0",
            "--spring.datasource.url=" + TestDatabases.SERVICE_H2_URL,
            "--crd.policies.locations=",
            "--crd.policies.servers[0].url=" + unreachable,
            "--crd.policies.servers[0].plan-definitions[0]=" + PLAN
        };

        assertThatThrownBy(() -> app.run(settings).close())
                .satisfies(failure -> assertThat(causes(failure))
                        .anyMatch(m -> m.contains("Knowledge server crd.policies.servers[0] " + unreachable
                                        + " is unreachable: " + "ConnectException: Connection refused (GET "
                                        + unreachable + "/PlanDefinition?url=")
                                && m.contains("The service does not start without its policies")));
    }

    private static List<String> causes(Throwable failure) {
        List<String> messages = new java.util.ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return messages;
    }
}
