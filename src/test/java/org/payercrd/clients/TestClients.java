package org.payercrd.clients;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.payercrd.RunningService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * What the tests of the two public test clients share: the captured JWT headers and claims
 * ({@code clients/<client>/*.jwt-claims.json}), the sandbox's public signing key, and the README's configuration
 * for trusting both clients.
 */
public final class TestClients {

    public static final String SANDBOX = "https://sandbox.cds-hooks.org";
    public static final String GENERATOR = "http://127.0.0.1:8091/fhir";
    /**
     * The cds-hooks-sandbox's signing key, private half included: it is published in the sandbox's source repository
     * (github.com/cds-hooks/sandbox, keys/jwk-keypair.json) precisely so that anyone can check its tokens; it is a
     * test client's key, not a secret, which is why trusting the sandbox is for test setups only.
     */
    public static final String SANDBOX_KEY_PAIR = "{\"kty\":\"EC\",\"use\":\"sig\",\"crv\":\"P-384\",\"alg\":\"ES384\","
            + "\"kid\":\"44823f3d-0b01-4a6c-a80e-b9d3e8a7226f\","
            + "\"d\":\"yOcYl9QzMKnBFUiPZKBijDV_lsEtn6oWFVOqtFyXbY_-V63WCBYYdxsLo9Pclr84\","
            + "\"x\":\"dw_JGR8nB2I6XveNxUOl2qk699ZPLM2nYI5STSdiEl9avAkrm3CkfYMbrrjr8laB\","
            + "\"y\":\"Sm3mLE-n1zYNla_aiE3cb3nZsL51RbC7ysw3q8aJLxGm-hx79RPMYpITDjp7kgzy\"}";

    private TestClients() {}

    public static ECKey sandboxKey() {
        try {
            return ECKey.parse(SANDBOX_KEY_PAIR);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded header and claims a client sent, e.g. {@code cds-hooks-sandbox/order-select.jwt-claims.json}. */
    public static JsonNode captured(String path) {
        try {
            return new ObjectMapper().readTree(RunningService.fixture("clients/" + path));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A token shaped exactly like the captured one (alg, typ, kid, iss, aud, lifetime), signed with {@code key} and
     * carrying {@code jku}; only iat, exp and jti are new, since the captured ones are long expired or spent.
     */
    public static String tokenLike(JsonNode captured, JWK key, URI jku) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(captured.at("/claims/iss").asText())
                .audience(captured.at("/claims/aud").asText())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(
                        now.plus(Duration.ofSeconds(captured.at("/lifetime_s").asLong()))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(
                        JWSAlgorithm.parse(captured.at("/header/alg").asText()))
                .type(JOSEObjectType.JWT)
                .keyID(captured.at("/header/kid").asText())
                .jwkURL(jku)
                .build();
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token shaped like the captured one, carrying its captured {@code jku}. */
    public static String tokenLike(JsonNode captured, JWK key) {
        return tokenLike(captured, key, URI.create(captured.at("/header/jku").asText()));
    }

    /** The first yaml block of the README's "Trusting the common test clients" section, as Spring loads yaml. */
    public static List<PropertySource<?>> readmeConfiguration() {
        try {
            String readme = Files.readString(Path.of("README.md"));
            String section = readme.substring(readme.indexOf("### Trusting the common test clients"));
            Matcher yaml = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
            assertThat(yaml.find()).as("the section has a yaml block").isTrue();
            return new YamlPropertySourceLoader()
                    .load("README", new ByteArrayResource(yaml.group(1).getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
