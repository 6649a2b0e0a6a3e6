package org.payercrd.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.payercrd.CrdApplication;
import org.payercrd.ServiceOnRandomPort;
import org.payercrd.TestDatabases;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The load benchmark's floor endpoint lives in {@code src/bench/java}, which only the {@code bench} Maven profile
 * compiles (bench/run.sh builds with it): the classes {@code mvn package} puts in the jar hold no floor, so even a
 * service started with the {@code bench} Spring profile serves none.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.datasource.url=" + TestDatabases.SERVICE_H2_URL, "crd.policies.validate=false"})
@ActiveProfiles("bench")
class NoFloorInTheShippedBuildTest extends ServiceOnRandomPort {

    @Test
    void theDefaultBuildCompilesNoBenchmarkClass() throws URISyntaxException {
        // The folder the jar is packed from: where the default build compiled CrdApplication (target/classes).
        Path classes = Path.of(CrdApplication.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(classes.resolve("org/payercrd/CrdApplication.class")).exists();
        assertThat(classes.resolve("org/payercrd/bench/FloorController.class")).doesNotExist();
        assertThatThrownBy(() -> Class.forName("org.payercrd.bench.FloorController"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theBenchSpringProfileServesNoFloor() {
        RestAssured.given()
                .contentType(ContentType.JSON)
                .body("{}")
                .when()
                .post("/bench/floor")
                .then()
                .statusCode(404);
    }
}
