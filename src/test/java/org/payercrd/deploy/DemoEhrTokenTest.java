package org.payercrd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The compose demo's EHR identity holds together: demo/ehr/token.sh signs with the key whose public half the
 * demo-ehr container serves, and the token says what CDS Hooks 2.0 requires of it.
 */
class DemoEhrTokenTest {

    private static final String AUD = "http://localhost:8080/cds-services/crd-order-sign";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void tokenIsSignedRs384ByTheKeyInThePublishedJwksAndNamesIssuerAudienceExpiryAndJti() throws Exception {
        String[] token = mint().split("\\.");
        JsonNode header = decode(token[0]);
        JsonNode claims = decode(token[1]);
        JsonNode jwk = json.readTree(
                        Path.of("demo/ehr/public/.well-known/jwks.json").toFile())
                .at("/keys/0");

        Signature rs384 = Signature.getInstance("SHA384withRSA");
        rs384.initVerify(publicKey(jwk));
        rs384.update((token[0] + "." + token[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rs384.verify(Base64.getUrlDecoder().decode(token[2]))).isTrue();
        assertThat(header.path("alg").asText()).isEqualTo("RS384");
        assertThat(header.path("kid").asText()).isEqualTo(jwk.path("kid").asText());
        assertThat(claims.path("iss").asText()).isEqualTo("http://demo-ehr");
        assertThat(claims.path("aud").asText()).isEqualTo(AUD);
        long now = Instant.now().getEpochSecond();
        assertThat(claims.path("iat").asLong()).isBetween(now - 60, now + 1);
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
        assertThat(claims.path("jti").asText())
                .hasSize(32)
                .isNotEqualTo(decode(mint().split("\\.")[1]).path("jti").asText());
    }

    private static String mint() throws Exception {
        Process process = new ProcessBuilder("bash", "demo/ehr/token.sh", AUD)
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private JsonNode decode(String part) throws Exception {
        return json.readTree(Base64.getUrlDecoder().decode(part));
    }

    private static PublicKey publicKey(JsonNode jwk) throws Exception {
        BigInteger n =
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
        BigInteger e =
                new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }
}
