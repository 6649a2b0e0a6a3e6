package org.payercrd.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.payercrd.TestDatabases;
import org.payercrd.audit.ServiceCallRecord.IssuedCard;
import org.payercrd.coverage.OrderAssertion;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The group commit on real databases, H2 and PostgreSQL ({@code CRD_TEST_POSTGRES_URL}, a schema of its own): calls
 * waiting together are written in one transaction with one durability step, a failed batch fails every call in it
 * (unless one record's own content failed it: then each is written alone), and a write that cannot finish fails its call within the timeout, after which writes succeed again.
 */
class AuditWriterTest {

    private static final String SCHEMA =
            "crd_writer_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final List<HikariDataSource> OPENED = new ArrayList<>();
    private static boolean postgresSchemaCreated;

    private final List<AuditWriter> writers = new ArrayList<>();
    private final ExecutorService callers = Executors.newFixedThreadPool(48);

    static Stream<String> databases() {
        return TestDatabases.postgresGiven() ? Stream.of("h2", "postgresql") : Stream.of("h2");
    }

    static boolean postgresGiven() {
        return TestDatabases.postgresGiven();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void callsWaitingTogetherAreWrittenInOneTransactionWithOneDurabilityStep(String database) throws Exception {
        CountingDataSource counted = new CountingDataSource(migrated(database, 4));
        AuditRepository repository = new AuditRepository(counted, new ObjectMapper(), Duration.ofMillis(1500));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditWriter writer = writer(repository, Duration.ofSeconds(20), meters);
        List<ServiceCallRecord> calls =
                Stream.generate(AuditWriterTest::call).limit(40).toList();

        // The writer is started only once all 40 wait in its queue: they are then what is pending together.
        List<Future<?>> answers = submitAll(writer, calls);
        awaitQueued(writer, calls.size());
        writer.start();
        for (Future<?> answer : answers) {
            answer.get(20, TimeUnit.SECONDS);
        }

        assertThat(meters.summary(AuditWriter.BATCH_SIZE).count()).as("batches").isEqualTo(1);
        assertThat(meters.summary(AuditWriter.BATCH_SIZE).max()).isEqualTo(40);
        assertThat(meters.timer(AuditWriter.WRITE).count()).as("calls timed").isEqualTo(40);
        assertThat(counted.commits.get()).as("commits").isEqualTo(1);
        assertThat(counted.checkpoints.get()).as("CHECKPOINTs").isEqualTo(database.equals("h2") ? 1 : 0);
        for (ServiceCallRecord call : calls) {
            assertThat(repository.findAssertion(call.assertions().get(0).assertionId()))
                    .isPresent();
        }

        // A second round, written while the writer runs: every record stored, one commit per batch.
        int commitsBefore = counted.commits.get();
        List<ServiceCallRecord> more =
                Stream.generate(AuditWriterTest::call).limit(60).toList();
        for (Future<?> answer : submitAll(writer, more)) {
            answer.get(20, TimeUnit.SECONDS);
        }
        long batches = meters.summary(AuditWriter.BATCH_SIZE).count() - 1;
        assertThat(counted.commits.get() - commitsBefore)
                .as("one commit per batch")
                .isEqualTo((int) batches);
        assertThat(meters.summary(AuditWriter.BATCH_SIZE).totalAmount()).isEqualTo(100);
        for (ServiceCallRecord call : more) {
            assertThat(repository.findAssertion(call.assertions().get(0).assertionId()))
                    .isPresent();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBatchRefusedForOneRecordWritesEachAloneSoOnlyThatOneFailsAndItsConnectionIsEvicted(String database)
            throws Exception {
        HikariDataSource dataSource = migrated(database, 1);
        AuditRepository repository = new AuditRepository(dataSource, new ObjectMapper(), Duration.ofMillis(1500));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditWriter writer = writer(repository, Duration.ofSeconds(20), meters);
        Object sessionBefore = markSession(dataSource, database);
        List<ServiceCallRecord> calls =
                new ArrayList<>(Stream.generate(AuditWriterTest::call).limit(10).toList());
        ServiceCallRecord first = calls.get(0);
        ServiceCallRecord second =
                AuditRepositoryContract.withCards(call(), List.of(first.cards().get(0))); // the same card uuid
        calls.add(5, second);

        List<Future<?>> answers = submitAll(writer, calls);
        awaitQueued(writer, calls.size());
        writer.start();

        // Written alone in queue order, whichever of the two sharing the uuid comes first is stored and the other
        // fails: exactly one of them, and every other record is stored.
        List<ServiceCallRecord> failed = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            try {
                answers.get(i).get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(AuditUnavailableException.class);
                failed.add(calls.get(i));
            }
        }
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0)).isIn(first, second);
        assertThat(meters.summary(AuditWriter.BATCH_SIZE).count())
                .as("the batch, then each record alone")
                .isEqualTo(1 + calls.size());
        for (ServiceCallRecord call : calls) {
            boolean stored = call != failed.get(0);
            assertThat(repository
                            .findAssertion(call.assertions().get(0).assertionId())
                            .isPresent())
                    .isEqualTo(stored);
            assertThat(repository.callsFor(call.hookInstance()).isEmpty()).isEqualTo(!stored);
        }
        ServiceCallRecord kept = failed.get(0) == first ? second : first;
        assertThat(repository.callsFor(kept.hookInstance()).get(0).cards())
                .extracting(IssuedCard::uuid)
                .containsExactly(first.cards().get(0).uuid());
        assertThat(writer.failing()).as("one bad record is not a failing store").isFalse();
        assertThat(markSession(dataSource, database))
                .as("the failed write's connection left the pool")
                .isNotEqualTo(sessionBefore);
    }

    @Test
    @EnabledIf(value = "postgresGiven", disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL)")
    void aWriteHeldByALockFailsWithinTheTimeoutAndWritesSucceedOnceItIsReleased() throws Exception {
        HikariDataSource dataSource = migrated("postgresql", 4);
        AuditRepository repository = new AuditRepository(dataSource, new ObjectMapper(), Duration.ofMillis(1500));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditWriter writer = writer(repository, Duration.ofMillis(1500), meters);
        writer.start();
        ServiceCallRecord blocked = call();

        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE service_call IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            assertThatThrownBy(() -> writer.write(blocked)).isInstanceOf(AuditUnavailableException.class);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(tookMillis)
                    .as("the call failed after about the write timeout")
                    .isBetween(1400L, 3000L);
            locker.rollback();
        }

        ServiceCallRecord after = call();
        writer.write(after);
        assertThat(repository.findAssertion(after.assertions().get(0).assertionId()))
                .isPresent();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRecordWhoseCallGaveUpBeforeTheWriterTookItIsNeverWritten(String database) throws Exception {
        HikariDataSource dataSource = migrated(database, 2);
        AuditRepository repository = new AuditRepository(dataSource, new ObjectMapper(), Duration.ofMillis(1500));
        AuditWriter writer = writer(repository, Duration.ofMillis(300), new SimpleMeterRegistry());
        ServiceCallRecord abandoned = call();

        assertThatThrownBy(() -> writer.write(abandoned))
                .isInstanceOf(AuditUnavailableException.class)
                .hasMessageContaining("it will not be written");
        writer.start();
        ServiceCallRecord next = call();
        writer.write(next);

        assertThat(repository.findAssertion(next.assertions().get(0).assertionId()))
                .isPresent();
        assertThat(repository.findAssertion(abandoned.assertions().get(0).assertionId()))
                .isEmpty();
    }

    @AfterEach
    void stopWriters() {
        callers.shutdownNow();
        writers.forEach(AuditWriter::stop);
    }

    @AfterAll
    static void close() throws SQLException {
        if (postgresSchemaCreated) {
            try (HikariDataSource dataSource = TestDatabases.postgresPool(SCHEMA);
                    Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
        }
        OPENED.forEach(HikariDataSource::close);
    }

    private AuditWriter writer(AuditRepository repository, Duration timeout, SimpleMeterRegistry meters) {
        AuditWriter writer = new AuditWriter(repository, timeout, 1024, 128, meters);
        writers.add(writer);
        return writer;
    }

    private List<Future<?>> submitAll(AuditWriter writer, List<ServiceCallRecord> calls) {
        List<Future<?>> answers = new ArrayList<>();
        for (ServiceCallRecord call : calls) {
            answers.add(callers.submit(() -> writer.write(call)));
        }
        return answers;
    }

    private static void awaitQueued(AuditWriter writer, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.queued() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(writer.queued())
                .as("records queued before the writer starts")
                .isEqualTo(count);
    }

    /**
     * What identifies the session of the pool's one connection: the PostgreSQL backend's pid, or on H2 a token kept in
     * a session variable, set when the session has none (H2 reuses session numbers when the database reopens).
     */
    private static Object markSession(DataSource dataSource, String database) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        if (database.equals("h2")) {
            String token = jdbc.queryForObject("SELECT CAST(@audit_test_marker AS VARCHAR)", String.class);
            if (token == null) {
                token = UUID.randomUUID().toString();
                jdbc.execute("SET @audit_test_marker = '" + token + "'");
            }
            return token;
        }
        return jdbc.queryForObject("SELECT pg_backend_pid()", Long.class);
    }

    /** A new pool of {@code size} connections on the migrated database (each test its own pool, one database). */
    private static synchronized HikariDataSource migrated(String database, int size) {
        HikariDataSource dataSource;
        if (database.equals("h2")) {
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(TestDatabases.h2File("./target/test-data/writer-" + UUID.randomUUID()));
            dataSource.setUsername("sa");
        } else {
            if (!postgresSchemaCreated) {
                TestDatabases.createPostgresSchema(SCHEMA);
                postgresSchemaCreated = true;
            }
            dataSource = TestDatabases.postgresPool(SCHEMA);
        }
        // Flyway takes two connections: it migrates through a pool of its own.
        try (HikariDataSource migration = new HikariDataSource()) {
            migration.setJdbcUrl(dataSource.getJdbcUrl());
            migration.setUsername(dataSource.getUsername());
            migration.setPassword(dataSource.getPassword());
            migration.setSchema(dataSource.getSchema());
            Flyway.configure()
                    .dataSource(migration)
                    .locations("classpath:db/migration")
                    .schemas(database.equals("h2") ? new String[0] : new String[] {SCHEMA})
                    .load()
                    .migrate();
        }
        dataSource.setMaximumPoolSize(size);
        dataSource.setConnectionTimeout(1000);
        OPENED.add(dataSource);
        return dataSource;
    }

    static ServiceCallRecord call() {
        String assertionId = UUID.randomUUID().toString();
        Map<String, String> details = Map.of("covered", "not-covered", "coverage-assertion-id", assertionId);
        return new ServiceCallRecord(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                "order-sign",
                "crd-order-sign",
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                "pat-1",
                List.of("ServiceRequest/ire-1"),
                List.of("coverage", "patient"),
                List.of(),
                List.of(),
                "{\"cards\":[],\"systemActions\":[]}",
                List.of(new IssuedCard(UUID.randomUUID().toString(), "IRE is investigational", "warning")),
                List.of(new OrderAssertion(
                        assertionId,
                        "ServiceRequest/ire-1",
                        "Coverage/cov-1",
                        "not-covered",
                        AuditRepositoryContract.POLICY,
                        "2022.10.01",
                        LocalDate.parse("2026-11-25"),
                        details)),
                42,
                null,
                null);
    }

    /** The real pool, with each commit and each {@code CHECKPOINT} counted on the way to the database. */
    private static final class CountingDataSource extends DelegatingDataSource {

        final AtomicInteger commits = new AtomicInteger();
        final AtomicInteger checkpoints = new AtomicInteger();

        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real = super.getConnection();
            return (Connection) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            commits.incrementAndGet();
                        }
                        Object result = invoke(real, method, args);
                        if (result instanceof Statement statement
                                && method.getName().equals("createStatement")) {
                            return countingCheckpoints(statement);
                        }
                        return result;
                    });
        }

        private Statement countingCheckpoints(Statement real) {
            return (Statement) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {Statement.class}, (proxy, method, args) -> {
                        if (method.getName().startsWith("execute")
                                && args != null
                                && args.length > 0
                                && args[0] instanceof String sql
                                && sql.trim().toUpperCase(Locale.ROOT).equals("CHECKPOINT")) {
                            checkpoints.incrementAndGet();
                        }
                        return invoke(real, method, args);
                    });
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
