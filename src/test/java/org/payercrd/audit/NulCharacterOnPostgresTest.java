package org.payercrd.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.payercrd.RunningService;
import org.payercrd.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A NUL character (JSON {@code \\u0000}) on PostgreSQL, whose text refuses it: in an id it is refused with a 400
 * naming the element, as any id that is not a FHIR id; in free text that reaches the audit (a Condition's display
 * becomes the contraindication card's summary, stored in {@code issued_card.summary}; the order's {@code code.text}
 * is in the stored response) the call is answered and its assertion stored, the NUL kept as U+FFFD.
 */
@EnabledIf(
        value = "postgresGiven",
        disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL); .ci/run provides one")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "crd.policies.validate=false")
class NulCharacterOnPostgresTest {

    private static final String SCHEMA =
            "crd_nul_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String PACEMAKER = "requests/order-sign-ire-pancreatic-cancer-with-pacemaker.json";
    private static final String HOOK_INSTANCE = "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea";
    /** A NUL as the request's JSON carries it. */
    private static final String NUL = "\\u0000";

    @LocalServerPort
    int port;

    static boolean postgresGiven() {
        return TestDatabases.postgresGiven();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        TestDatabases.createPostgresSchema(SCHEMA);
        registry.add("spring.datasource.url", TestDatabases::postgresUrl);
        registry.add("spring.datasource.username", TestDatabases::postgresUser);
        registry.add("spring.datasource.password", TestDatabases::postgresPassword);
        registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.default-schema", () -> SCHEMA);
    }

    @BeforeEach
    void pointRestAssuredAtTheService() {
        RestAssured.port = port;
    }

    @Test
    void aNulInTheHookInstanceIs400NamingIt() {
        refused(call(request("d1577c69-" + NUL + "-44ad")), "hookInstance");
    }

    @Test
    void aNulInTheOrderIdIs400NamingIt() {
        refused(
                call(request(UUID.randomUUID().toString()).replace("\"id\": \"ire-1\"", "\"id\": \"ire" + NUL + "1\"")),
                "context.draftOrders.entry[0].resource.id");
    }

    @Test
    void aNulInTheUserIdIs400NamingIt() {
        refused(
                call(request(UUID.randomUUID().toString())
                        .replace(
                                "\"userId\": \"Practitioner/example\"",
                                "\"userId\": \"Practitioner/exa" + NUL + "mple\"")),
                "context.userId");
    }

    @Test
    void aNulInFreeTextIsAnsweredWithItsAssertionStored() throws SQLException {
        String hookInstance = UUID.randomUUID().toString();
        String body = request(hookInstance)
                .replace("\"Presence of cardiac pacemaker\"", "\"Presence of cardiac" + NUL + " pacemaker\"")
                .replace("head tumor, percutaneous\"", "head tumor," + NUL + " percutaneous\"");
        assertThat(body).contains("cardiac" + NUL).contains("tumor," + NUL);

        Response answer = call(body);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("cards.find { it.source.topic.code == 'contraindication' }.summary"))
                .contains("cardiac\u0000 pacemaker");
        String assertionId = AuditedCallTest.assertionIdIn(answer.jsonPath());
        given().when()
                .get("/api/assertions/" + assertionId)
                .then()
                .statusCode(200)
                .body("assertionId", equalTo(assertionId));
        assertThat(storedSummaries(hookInstance))
                .contains("cardiac\uFFFD pacemaker")
                .doesNotContain("\u0000");
    }

    /** Feedback's free text is stored as JSON (NUL escaped); a card uuid with a NUL names no card the service gave. */
    @Test
    void aNulInFeedbackIsStoredOrNamesNoCard() {
        Response answer = call(request(UUID.randomUUID().toString()));
        assertThat(answer.statusCode()).isEqualTo(200);
        String card = answer.jsonPath().getString("cards[0].uuid");
        String overridden = RunningService.fixture("feedback/overridden.json")
                .replace("Patient enrolled in a clinical trial", "Patient enrolled" + NUL + " in a trial");

        feedback(overridden.replace("CARD_UUID", card)).then().statusCode(200);
        feedback(overridden.replace("CARD_UUID", card.substring(0, 8) + NUL + card.substring(8)))
                .then()
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    private static Response feedback(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/cds-services/crd-order-sign/feedback");
    }

    private static String request(String hookInstance) {
        String body = RunningService.fixture(PACEMAKER).replace(HOOK_INSTANCE, hookInstance);
        assertThat(body)
                .contains(hookInstance)
                .contains("\"id\": \"ire-1\"")
                .contains("\"userId\": \"Practitioner/example\"");
        return body;
    }

    private static Response call(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/cds-services/crd-order-sign");
    }

    private static void refused(Response response, String element) {
        response.then()
                .statusCode(400)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue.diagnostics", hasItem(containsString(element)))
                .body(not(containsString("Exception")));
    }

    private static String storedSummaries(String hookInstance) throws SQLException {
        try (Connection connection = connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT string_agg(k.summary, ' | ') FROM " + SCHEMA + ".issued_card k JOIN " + SCHEMA
                                + ".service_call c ON c.call_id = k.call_id WHERE c.hook_instance = ?")) {
            query.setString(1, hookInstance);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return String.valueOf(rows.getString(1));
            }
        }
    }

    private static Connection connection() throws SQLException {
        return DriverManager.getConnection(
                TestDatabases.postgresUrl(), TestDatabases.postgresUser(), TestDatabases.postgresPassword());
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (postgresGiven()) {
            try (Connection connection = connection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
    }
}
