package org.payercrd.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.api.Test;

/** Browser-based EHRs call from another origin: preflights are answered without a token, and no credentials are shared. */
class CorsTest extends AuthenticatedService {

    private static final String EHR_ORIGIN = "https://ehr-app.example.org";

    @Test
    void preflightOfAServiceCallIsAnsweredWithoutToken() {
        given().header("Origin", EHR_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when()
                .options("/cds-services/" + ORDER_SIGN)
                .then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo("*"))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("authorization"))
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    void preflightForAMethodTheServiceDoesNotOfferIsRefused() {
        given().header("Origin", EHR_ORIGIN)
                .header("Access-Control-Request-Method", "DELETE")
                .when()
                .options("/cds-services/" + ORDER_SIGN)
                .then()
                .statusCode(403);
    }

    @Test
    void refusalIsReadableByTheBrowserThatMadeTheCall() {
        json(given().header("Origin", EHR_ORIGIN), orderSign())
                .when()
                .post("/cds-services/" + ORDER_SIGN)
                .then()
                .statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo("*"))
                .header("Access-Control-Expose-Headers", containsString("WWW-Authenticate"));
    }
}
