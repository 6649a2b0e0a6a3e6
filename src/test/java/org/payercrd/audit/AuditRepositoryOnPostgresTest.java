package org.payercrd.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.payercrd.TestDatabases;

/**
 * The audit store on the real PostgreSQL given to the tests (see {@link TestDatabases}). {@code .ci/run} always
 * gives one; without it these tests are skipped. Each run migrates a schema of its own and drops it afterwards.
 */
@EnabledIf(
        value = "postgresGiven",
        disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL); .ci/run provides one")
class AuditRepositoryOnPostgresTest extends AuditRepositoryContract {

    private static final String SCHEMA =
            "crd_audit_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static HikariDataSource dataSource;
    private static AuditRepository repository;

    @BeforeAll
    static void migrate() {
        dataSource = TestDatabases.postgresScratchSchema(SCHEMA);
        dataSource.setMaximumPoolSize(2);
        repository = migratedRepository(dataSource, SCHEMA);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (dataSource != null) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
            }
            dataSource.close();
        }
    }

    static boolean postgresGiven() {
        return TestDatabases.postgresGiven();
    }

    @Override
    AuditRepository repository() {
        return repository;
    }
}
