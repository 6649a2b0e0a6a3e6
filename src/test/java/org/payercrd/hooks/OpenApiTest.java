package org.payercrd.hooks;

import static io.restassured.RestAssured.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.payercrd.RunningService;

class OpenApiTest extends RunningService {

    private static final String SERVICE_CALL = "paths.'/cds-services/{serviceId}'.post";

    @Test
    void describesDiscoveryAndServiceCallsWithCdsHooksSchemasAndOperationOutcomeErrors() {
        get("/v3/api-docs")
                .then()
                .statusCode(200)
                .body(
                        "paths.'/cds-services'.get.responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/CdsServices"))
                .body(
                        SERVICE_CALL + ".requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/CdsServiceRequest"))
                .body(
                        SERVICE_CALL + ".responses.'200'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/CdsServiceResponse"))
                .body(SERVICE_CALL + ".responses", hasKey("400"))
                .body(
                        SERVICE_CALL
                                + ".responses.'404'.content.'application/json'.examples.'not-found'.value.resourceType",
                        equalTo("OperationOutcome"))
                .body("components.schemas.CdsServiceRequest.properties.context.description", notNullValue())
                .body("components.schemas.Card.properties.summary.description", notNullValue())
                .body("components.schemas", not(hasKey("IBaseResource")));
    }

    @Test
    void documentedExampleRequestGetsTheKindOfAnswerTheDocumentedExampleResponseShows() throws Exception {
        JsonNode docs = new ObjectMapper()
                .readTree(get("/v3/api-docs").then().statusCode(200).extract().asString());
        JsonNode call = docs.at("/paths/~1cds-services~1{serviceId}/post");
        String request = call.at("/requestBody/content/application~1json/examples/order-sign/value")
                .toString();
        JsonPath documented =
                JsonPath.from(call.at("/responses/200/content/application~1json/examples/order-sign/value")
                        .toString());

        JsonPath actual =
                callService("crd-order-sign", request).statusCode(200).extract().jsonPath();

        assertThat(actual.getList("cards.indicator")).isNotEmpty().isEqualTo(documented.getList("cards.indicator"));
        assertThat(actual.getList("systemActions.type")).isEqualTo(documented.getList("systemActions.type"));
        String covered = "systemActions[0].resource.extension[0].extension.find { it.url == 'covered' }.valueCode";
        assertThat(actual.getString(covered))
                .isEqualTo(documented.getString(covered))
                .isEqualTo("not-covered");
    }

    @Test
    void serviceCallTextsNameEveryHookAndServiceIdThatDiscoveryOffers() {
        JsonPath docs = get("/v3/api-docs").then().statusCode(200).extract().jsonPath();
        JsonPath discovery =
                get("/cds-services").then().statusCode(200).extract().jsonPath();
        String summary = docs.getString(SERVICE_CALL + ".summary");
        String description = docs.getString(SERVICE_CALL + ".description");
        String hookMember = docs.getString("components.schemas.CdsServiceRequest.properties.hook.description");

        assertThat(discovery.getList("services.hook", String.class)).hasSize(6).allSatisfy(hook -> {
            assertThat(summary).contains(hook);
            assertThat(hookMember).contains(hook);
        });
        assertThat(discovery.getList("services.id", String.class))
                .allSatisfy(id -> assertThat(description).contains(id));
    }

    @Test
    void swaggerUiIsServed() {
        get("/swagger-ui/index.html").then().statusCode(200);
    }
}
