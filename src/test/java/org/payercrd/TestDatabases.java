package org.payercrd;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The databases tests use: H2 files under {@code target/test-data} with the same options as the service's default
 * ({@code application.yml}), so tests never touch a developer's {@code ./data}; and the real PostgreSQL given by
 * {@code CRD_TEST_POSTGRES_URL} (or the system property {@code crd.test.postgres.url}), user
 * {@code CRD_TEST_POSTGRES_USER} (default {@code postgres}) and {@code CRD_TEST_POSTGRES_PASSWORD}, which
 * {@code .ci/run} always gives. Each test on PostgreSQL works in a schema of its own.
 */
public final class TestDatabases {

    public static final String H2_OPTIONS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=1000;RETENTION_TIME=0;COMPRESS=TRUE";

    /** The audit database of a test context: a new file per context, so a run never sees an older run's schema. */
    public static final String SERVICE_H2_URL = "jdbc:h2:file:./target/test-data/crd-audit-${random.uuid}" + H2_OPTIONS;

    private TestDatabases() {}

    public static String h2File(String path) {
        return "jdbc:h2:file:" + path + H2_OPTIONS;
    }

    public static boolean postgresGiven() {
        String url = postgresUrl();
        return url != null && !url.isBlank();
    }

    /** A pool on a new, empty schema of the given PostgreSQL; the caller migrates it and drops the schema. */
    public static HikariDataSource postgresScratchSchema(String schema) {
        createPostgresSchema(schema);
        return postgresPool(schema);
    }

    /** Creates an empty schema on the given PostgreSQL. */
    public static void createPostgresSchema(String schema) {
        String url = postgresUrl();
        try (Connection connection = DriverManager.getConnection(url, postgresUser(), postgresPassword());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create schema " + schema + " on " + url, e);
        }
    }

    /** A pool on an existing schema of the given PostgreSQL. */
    public static HikariDataSource postgresPool(String schema) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgresUrl());
        dataSource.setUsername(postgresUser());
        dataSource.setPassword(postgresPassword());
        dataSource.setSchema(schema);
        return dataSource;
    }

    /**
     * The service's own settings for the given PostgreSQL, in {@code schema} (which must exist): what a child
     * process ({@link ServiceProcess}) is started with; Flyway migrates the schema the connection is in.
     */
    public static List<String> postgresServiceSettings(String schema) {
        String url = postgresUrl();
        return List.of(
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username="
                        + setting("crd.test.postgres.user", "CRD_TEST_POSTGRES_USER", "postgres"),
                "--spring.datasource.password="
                        + setting("crd.test.postgres.password", "CRD_TEST_POSTGRES_PASSWORD", ""));
    }

    public static String postgresUrl() {
        return setting("crd.test.postgres.url", "CRD_TEST_POSTGRES_URL", null);
    }

    public static String postgresUser() {
        return setting("crd.test.postgres.user", "CRD_TEST_POSTGRES_USER", "postgres");
    }

    public static String postgresPassword() {
        return setting("crd.test.postgres.password", "CRD_TEST_POSTGRES_PASSWORD", "");
    }

    private static String setting(String property, String environment, String fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(environment);
        }
        return value == null ? fallback : value;
    }
}
