package org.payercrd.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The audit store on a real PostgreSQL, given by {@code CRD_TEST_POSTGRES_URL} (or the system property
 * {@code crd.test.postgres.url}), user {@code CRD_TEST_POSTGRES_USER} (default {@code postgres}) and
 * {@code CRD_TEST_POSTGRES_PASSWORD}. {@code .ci/run} always gives one; without it these tests are skipped. Each run
 * migrates a schema of its own and drops it afterwards.
 */
@EnabledIf(value = "postgresGiven", disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL); .ci/run provides one")
class AuditRepositoryOnPostgresTest extends AuditRepositoryContract {

    private static final String SCHEMA = "crd_audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static HikariDataSource dataSource;
    private static AuditRepository repository;

    @BeforeAll
    static void migrate() throws SQLException {
        String url = url();
        String user = setting("crd.test.postgres.user", "CRD_TEST_POSTGRES_USER", "postgres");
        String password = setting("crd.test.postgres.password", "CRD_TEST_POSTGRES_PASSWORD", "");
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + SCHEMA);
        }
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(user);
        dataSource.setPassword(password);
        dataSource.setSchema(SCHEMA);
        dataSource.setMaximumPoolSize(2);
        repository = migratedRepository(dataSource, SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (dataSource != null) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
            }
            dataSource.close();
        }
    }

    static boolean postgresGiven() {
        return url() != null && !url().isBlank();
    }

    private static String url() {
        return setting("crd.test.postgres.url", "CRD_TEST_POSTGRES_URL", null);
    }

    @Override
    AuditRepository repository() {
        return repository;
    }

    private static String setting(String property, String environment, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(environment);
        }
        return value == null ? fallback : value;
    }
}
