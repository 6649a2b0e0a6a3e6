package org.payercrd.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.payercrd.TestDatabases;
import org.payercrd.security.MutableClock;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The retention purge's schedule on a real H2 file: batches until nothing older is left, a failed run (the store
 * down) logs one WARN line without a stack trace and the next interval succeeds, runs never overlap, and with the
 * retention unset nothing is scheduled at all.
 */
class AuditPurgeTest {

    private static final Duration RETENTION = Duration.ofHours(1);
    /** Several scheduled runs of one second on a loaded machine. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(AuditPurge.class);
    private HikariDataSource pool;
    private SwitchableDataSource store;
    private AuditRepository repository;
    private AuditPurge purge;

    @BeforeEach
    void migrate() {
        pool = new HikariDataSource();
        pool.setJdbcUrl(TestDatabases.h2File("./target/test-data/purge-" + UUID.randomUUID()));
        pool.setUsername("sa");
        pool.setConnectionTimeout(1000);
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        store = new SwitchableDataSource(pool);
        repository = new AuditRepository(store, new ObjectMapper(), Duration.ofMillis(1500));
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void close() {
        logger.detachAppender(logged);
        if (purge != null) {
            purge.stop();
        }
        pool.close();
    }

    @Test
    void aFailedRunLogsOneLineAndTheNextIntervalPurgesEveryOlderCallInBatches() throws Exception {
        Instant limit = clock.instant().minus(RETENTION);
        List<ServiceCallRecord> old = IntStream.range(0, 2 * AuditPurge.BATCH + 1)
                .mapToObj(i -> AuditRepositoryContract.callAt(limit.minusSeconds(1 + i)))
                .toList();
        repository.recordCalls(old);
        ServiceCallRecord young = AuditRepositoryContract.callAt(limit.plusSeconds(1));
        repository.recordCall(young);
        store.down = true;
        purge = new AuditPurge(repository, RETENTION, Duration.ofSeconds(1), clock, meters);
        purge.start();

        awaitUntil(() -> warnings().size() >= 2);
        assertThat(calls()).as("nothing deleted while the store is down").isEqualTo(old.size() + 1);
        assertThat(warnings()).allSatisfy(warning -> {
            assertThat(warning.getThrowableProxy()).as("no stack trace").isNull();
            assertThat(warning.getFormattedMessage())
                    .doesNotContain("\n")
                    .contains("the purge failed")
                    .contains("store down (test)");
        });

        store.down = false;
        awaitUntil(() -> calls() == 1);
        assertThat(repository.callsFor(young.hookInstance())).containsExactly(young);
        assertThat(meters.get(AuditPurge.PURGED).counter().count()).isEqualTo(old.size());
    }

    @Test
    void aRunDoesNotStartWhileAnotherIsUnderWay() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AuditRepository slow = new AuditRepository(store, new ObjectMapper(), Duration.ofMillis(1500)) {
            @Override
            public int purgeCallsBefore(Instant limit, int max) {
                inside.countDown();
                try {
                    release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 0;
            }
        };
        AuditPurge shared = new AuditPurge(slow, RETENTION, Duration.ofHours(1), clock, meters);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(shared::purge);
        assertThat(inside.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(shared.purge()).as("skipped: a run is under way").isEqualTo(-1);

        release.countDown();
        assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(shared.purge()).as("runs again once the first is over").isZero();
    }

    @Test
    void unsetRetentionSchedulesNothingAndDeletesNothing() {
        repository.recordCall(AuditRepositoryContract.callAt(clock.instant().minus(Duration.ofDays(36500))));
        purge = new AuditPurge(repository, null, Duration.ofSeconds(1), clock, meters);
        purge.start();

        assertThat(purge.isRunning()).isFalse();
        assertThat(purge.purge()).isEqualTo(-1);
        assertThat(calls()).isEqualTo(1);
    }

    private long calls() {
        return new JdbcTemplate(pool).queryForObject("SELECT COUNT(*) FROM service_call", Long.class);
    }

    private List<ILoggingEvent> warnings() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("within %s", WAIT).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** A store that refuses connections while {@code down}, as a database that is down does. */
    private static final class SwitchableDataSource extends DelegatingDataSource {

        volatile boolean down;

        SwitchableDataSource(HikariDataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (down) {
                throw new SQLTransientConnectionException("store down (test)", "08001");
            }
            return super.getConnection();
        }
    }
}
