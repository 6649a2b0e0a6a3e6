package org.payercrd.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.payercrd.TestDatabases;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/** The tests' H2 databases are the service's default one, moved: same options, so what they prove holds for it. */
class EmbeddedDatabaseDefaultTest {

    @Test
    void defaultAuditDatabaseIsAnH2FileUnderDataWithTheTestedOptions() throws IOException {
        Object url = new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml"))
                .get(0)
                .getProperty("spring.datasource.url");

        assertThat(url).isEqualTo("jdbc:h2:file:./data/crd-audit" + TestDatabases.H2_OPTIONS);
    }
}
