package org.payercrd.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CDS Hooks 2.0 "Trusting CDS Clients": which tokens open the service, and which are refused, and why. */
class EhrTokenTest extends AuthenticatedService {

    private static final String PATH = "/cds-services/" + ORDER_SIGN;

    @Test
    void es384TokenFromATrustedEhrIsAccepted() {
        call(validToken(PATH)).statusCode(200).body("systemActions[0].type", equalTo("update"));
    }

    @Test
    void rs384TokenFromATrustedEhrIsAccepted() {
        call(signed(EHR_RSA, JWSAlgorithm.RS384, claims(PATH).build())).statusCode(200);
    }

    @Test
    void rs256IsAcceptedOnlyFromTheIssuerConfiguredForIt() {
        call(signed(
                        LEGACY_RSA,
                        JWSAlgorithm.RS256,
                        claims(PATH).issuer(LEGACY_EHR).build()))
                .statusCode(200);

        refused(call(signed(EHR_RSA, JWSAlgorithm.RS256, claims(PATH).build())), "alg 'RS256' is not accepted");
    }

    @Test
    void callWithoutTokenIsRefused() {
        json(given(), orderSign())
                .when()
                .post(PATH)
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("login"));
    }

    @Test
    void unsignedTokenIsRefused() {
        refused(call(new PlainJWT(claims(PATH).build()).serialize()), "must be a signed JWT");
    }

    @Test
    void hmacTokenKeyedWithTheEhrsPublicKeyIsRefused() throws JOSEException {
        SignedJWT forged = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS384)
                        .keyID(EHR_RSA.getKeyID())
                        .build(),
                claims(PATH).build());
        forged.sign(new MACSigner(EHR_RSA.toRSAPublicKey().getEncoded()));

        refused(call(forged.serialize()), "alg 'HS384' is not accepted");
    }

    @Test
    void tokenSignedWithAnotherKeyUnderTheEhrsKeyIdIsRefused() {
        ECKey impostor = ecKey(EHR_EC.getKeyID());

        refused(call(signed(impostor, JWSAlgorithm.ES384, claims(PATH).build())), "does not verify");
    }

    @Test
    void expiredTokenIsRefused() {
        Instant issued = Instant.now().minus(Duration.ofMinutes(5));
        refused(
                call(validToken(claims(PATH)
                        .issueTime(Date.from(issued))
                        .expirationTime(Date.from(issued.plus(Duration.ofMinutes(3))))
                        .build())),
                "expired");
    }

    @Test
    void tokenIssuedInTheFutureIsRefused() {
        Instant issued = Instant.now().plus(Duration.ofMinutes(3));
        refused(
                call(validToken(claims(PATH)
                        .issueTime(Date.from(issued))
                        .expirationTime(Date.from(issued.plus(Duration.ofMinutes(2))))
                        .build())),
                "in the future");
    }

    @Test
    void tokenLivingLongerThanTheMaximumIsRefused() {
        refused(
                call(validToken(claims(PATH)
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))))
                        .build())),
                "lives longer");
    }

    @Test
    void tokenForAnotherEndpointIsRefused() {
        refused(
                call(validToken(claims("/cds-services/crd-order-select").build())),
                "aud must be " + PUBLIC_BASE_URL + PATH);
    }

    @Test
    void tokenFromAnUntrustedIssuerIsRefused() {
        refused(
                call(validToken(
                        claims(PATH).issuer("https://unknown-ehr.example").build())),
                "iss 'https://unknown-ehr.example' is not a trusted issuer");
    }

    @Test
    void jkuOutsideTheAllowlistIsRefusedAndNeverFetched() {
        ECKey attacker = ecKey("attacker-1");
        String attackerJwks = "/attacker/jwks.json";
        URI attackerUrl = URI.create(JWKS.publish(attackerJwks, List.of(attacker)));

        refused(
                call(signed(attacker, JWSAlgorithm.ES384, claims(PATH).build(), header -> header.jwkURL(attackerUrl))),
                "is not the JWK Set registered for this issuer");

        assertThat(JWKS.timesRequested(attackerJwks)).isZero();
    }

    @Test
    void jkuNamingTheIssuersRegisteredKeySetIsAccepted() {
        URI registered = URI.create(JWKS.url(EHR_JWKS));

        call(signed(EHR_EC, JWSAlgorithm.ES384, claims(PATH).build(), header -> header.jwkURL(registered)))
                .statusCode(200);
    }

    @Test
    void replayedTokenIsRefused() {
        String token = validToken(PATH);
        call(token).statusCode(200);

        refused(call(token), "was used already");
    }

    @Test
    void trustedTokenWithoutAudIsRefusedWith401NotAServerError() {
        refused(
                call(Verifiers.signedJson(
                        EHR_EC, JWSAlgorithm.ES384, withoutAud(claims(PATH).build()), header -> header)),
                "aud is missing: it must be " + PUBLIC_BASE_URL + PATH);
    }

    @Test
    void trustedTokenWithNullAudIsRefusedWith401NotAServerError() {
        String claims = withoutAud(claims(PATH).build()).replaceFirst("^\\{", "{\"aud\":null,");
        refused(
                call(Verifiers.signedJson(EHR_EC, JWSAlgorithm.ES384, claims, header -> header)),
                "aud is missing: it must be " + PUBLIC_BASE_URL + PATH);
    }

    @Test
    void tokenWithoutIatIsRefusedSayingSo() {
        ValidatableResponse response =
                call(validToken(claims(PATH).issueTime(null).build()));

        refused(response, "iat is missing");
        response.body("issue[0].diagnostics", not(containsString("in the future")));
    }

    @Test
    void tokenWithoutJtiIsRefused() {
        refused(call(validToken(claims(PATH).jwtID(null).build())), "jti is required");
    }

    /** The audit keeps the tenant in caller_tenant (200 characters): unbounded, 300 characters failed the call. */
    @Test
    void tenantLongerThanTheAuditKeepsIsRefusedNamingTheClaim() {
        refused(
                call(validToken(claims(PATH).claim("tenant", "t".repeat(300)).build())),
                "tenant must be a string of at most 200 characters, without control characters");
    }

    @Test
    void tenantWithAControlCharacterIsRefusedNamingTheClaim() {
        refused(
                call(validToken(claims(PATH).claim("tenant", "clinic\u000042").build())),
                "tenant must be a string of at most 200 characters, without control characters");
    }

    @Test
    void tenantThatIsNotAStringIsRefusedNamingTheClaim() {
        refused(
                call(validToken(claims(PATH)
                        .claim("tenant", Map.of("name", "clinic-42"))
                        .build())),
                "tenant must be a string");
    }

    @Test
    void tenantOfTheAuditsSizeIsAccepted() {
        call(validToken(claims(PATH).claim("tenant", "t".repeat(200)).build())).statusCode(200);
    }

    /** The shared replay store keeps the jti in used_token_id.jti (512 characters). */
    @Test
    void jtiLongerThanTheReplayStoreKeepsIsRefused() {
        refused(
                call(validToken(claims(PATH).jwtID("j".repeat(513)).build())),
                "jti must be at most 512 characters, without control characters");
    }

    @Test
    void keySetIsFetchedAgainWhenTheEhrSignsWithANewKey() {
        ECKey rotated = ecKey("ehr-ec-2");
        JWKS.publish(EHR_JWKS, List.<JWK>of(EHR_EC, EHR_RSA, rotated));
        long fetchesBefore = JWKS.timesRequested(EHR_JWKS);

        call(signed(rotated, JWSAlgorithm.ES384, claims(PATH).build())).statusCode(200);

        assertThat(JWKS.timesRequested(EHR_JWKS)).isEqualTo(fetchesBefore + 1);
        call(validToken(PATH)).statusCode(200);
        assertThat(JWKS.timesRequested(EHR_JWKS)).as("the key set is cached").isEqualTo(fetchesBefore + 1);
    }

    @Test
    void discoveryStaysOpen() {
        given().when().get("/cds-services").then().statusCode(200);
    }

    @Test
    void healthStaysOpen() {
        given().when().get("/actuator/health").then().statusCode(200);
    }

    private static String withoutAud(JWTClaimsSet claims) {
        return new JWTClaimsSet.Builder(claims).audience((String) null).build().toString();
    }

    private static String validToken(JWTClaimsSet claims) {
        return signed(EHR_EC, JWSAlgorithm.ES384, claims);
    }

    private static ValidatableResponse call(String token) {
        return json(withToken(token), orderSign()).when().post(PATH).then();
    }

    static void refused(ValidatableResponse response, String reason) {
        response.statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer error=\"invalid_token\""))
                .header("WWW-Authenticate", containsString(reason))
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].code", equalTo("login"))
                .body("issue[0].diagnostics", containsString(reason));
    }
}
