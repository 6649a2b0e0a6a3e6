package org.payercrd.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.payercrd.TestDatabases;

/** The audit store on H2 in PostgreSQL mode, the service's embedded default: a fresh file per run. */
class AuditRepositoryOnH2Test extends AuditRepositoryContract {

    private static HikariDataSource dataSource;
    private static AuditRepository repository;

    @BeforeAll
    static void migrate() {
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestDatabases.h2File("./target/test-data/audit-repository-" + UUID.randomUUID()));
        dataSource.setUsername("sa");
        repository = migratedRepository(dataSource, "public");
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Override
    AuditRepository repository() {
        return repository;
    }
}
