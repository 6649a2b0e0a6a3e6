package org.payercrd.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.payercrd.TestDatabases;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The shared replay store as two instances see it: two stores, each with its own local cache (as two processes
 * have), on one migrated database, PostgreSQL ({@code CRD_TEST_POSTGRES_URL}, a schema of its own) and H2.
 */
class SharedReplayStoreTest {

    private static final String EHR = "https://ehr.example.org";
    private static final Clock CLOCK = Clock.systemUTC();
    private static final List<HikariDataSource> OPENED = new ArrayList<>();
    private static final String SCHEMA =
            "crd_replay_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    static Stream<String> databases() {
        return TestDatabases.postgresGiven() ? Stream.of("h2", "postgresql") : Stream.of("h2");
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenUsedOnOneInstanceIsRefusedOnTheOther(String database) {
        HikariDataSource dataSource = migrated(database);
        SharedReplayStore first = store(dataSource, new SimpleMeterRegistry());
        SharedReplayStore second = store(dataSource, new SimpleMeterRegistry());
        String jti = UUID.randomUUID().toString();
        Instant expiry = CLOCK.instant().plus(Duration.ofMinutes(2));

        assertThat(first.firstUse(EHR, jti, expiry)).isTrue();
        assertThat(second.firstUse(EHR, jti, expiry))
                .as("the other instance, which never saw the token")
                .isFalse();
        assertThat(first.firstUse(EHR, jti, expiry))
                .as("the same instance again")
                .isFalse();
        assertThat(second.firstUse("https://other-ehr.example.org", jti, expiry))
                .as("another issuer's id")
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTokenSentToBothAtTheSameMomentIsAcceptedOnce(String database) throws Exception {
        HikariDataSource dataSource = migrated(database);
        List<SharedReplayStore> instances =
                List.of(store(dataSource, new SimpleMeterRegistry()), store(dataSource, new SimpleMeterRegistry()));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String jti = UUID.randomUUID().toString();
                Instant expiry = CLOCK.instant().plus(Duration.ofMinutes(2));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> answers = new ArrayList<>();
                for (int call = 0; call < 8; call++) {
                    SharedReplayStore instance = instances.get(call % 2);
                    Callable<Boolean> use = () -> {
                        start.await();
                        return instance.firstUse(EHR, jti, expiry);
                    };
                    answers.add(threads.submit(use));
                }
                start.countDown();
                int accepted = 0;
                for (Future<Boolean> answer : answers) {
                    accepted += answer.get() ? 1 : 0;
                }
                assertThat(accepted)
                        .as("calls accepted with one jti, round " + round)
                        .isEqualTo(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anExpiredTokensIdMayBeUsedAgainAndIsPurged(String database) {
        HikariDataSource dataSource = migrated(database);
        SharedReplayStore store = store(dataSource, new SimpleMeterRegistry());
        String jti = UUID.randomUUID().toString();
        assertThat(store.firstUse(EHR, jti, CLOCK.instant().minusSeconds(1))).isTrue();

        // Another instance, whose memory does not hold the expired entry: the table's row is past its time.
        SharedReplayStore other = store(dataSource, new SimpleMeterRegistry());
        assertThat(other.firstUse(EHR, jti, CLOCK.instant().plus(Duration.ofMinutes(2))))
                .isTrue();
        assertThat(store(dataSource, new SimpleMeterRegistry())
                        .firstUse(EHR, jti, CLOCK.instant().plusSeconds(60)))
                .isFalse();

        String expired = UUID.randomUUID().toString();
        store.firstUse(EHR, expired, CLOCK.instant().minusSeconds(5));
        assertThat(store.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject("SELECT count(*) FROM used_token_id WHERE jti = ?", Integer.class, expired))
                .isZero();
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject("SELECT count(*) FROM used_token_id WHERE jti = ?", Integer.class, jti))
                .isOne();
    }

    @Test
    void anUnreachableTableLeavesTheDecisionToTheLocalCacheAndIsCounted() {
        HikariDataSource unreachable = new HikariDataSource();
        unreachable.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/nothing");
        unreachable.setUsername("nobody");
        unreachable.setConnectionTimeout(250);
        unreachable.setInitializationFailTimeout(-1);
        OPENED.add(unreachable);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SharedReplayStore store = store(unreachable, meters);
        String jti = UUID.randomUUID().toString();
        Instant expiry = CLOCK.instant().plus(Duration.ofMinutes(2));

        assertThat(store.firstUse(EHR, jti, expiry)).isTrue();
        assertThat(meters.counter(SharedReplayStore.UNAVAILABLE).count()).isEqualTo(1.0);
        assertThat(store.firstUse(EHR, jti, expiry))
                .as("a repeat this instance saw, refused from memory")
                .isFalse();
        assertThat(meters.counter(SharedReplayStore.UNAVAILABLE).count())
                .as("no round trip for it")
                .isEqualTo(1.0);
    }

    /** What the shared store is for: two instances with memory only both accept the same token. */
    @Test
    void withMemoryOnlyTheOtherInstanceAcceptsAReplay() {
        JtiReplayCache first = new JtiReplayCache(CLOCK);
        JtiReplayCache second = new JtiReplayCache(CLOCK);
        String jti = UUID.randomUUID().toString();
        Instant expiry = CLOCK.instant().plus(Duration.ofMinutes(2));
        assertThat(first.firstUse(EHR, jti, expiry)).isTrue();
        assertThat(second.firstUse(EHR, jti, expiry)).isTrue();
    }

    @AfterAll
    static void close() throws SQLException {
        for (HikariDataSource dataSource : OPENED) {
            if (dataSource.getJdbcUrl().startsWith("jdbc:postgresql") && SCHEMA.equals(dataSource.getSchema())) {
                try (Connection connection = dataSource.getConnection();
                        Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
                }
            }
            dataSource.close();
        }
    }

    private static SharedReplayStore store(javax.sql.DataSource dataSource, SimpleMeterRegistry meters) {
        return new SharedReplayStore(dataSource, Duration.ofSeconds(1), new JtiReplayCache(CLOCK), CLOCK, meters);
    }

    private static synchronized HikariDataSource migrated(String database) {
        for (HikariDataSource opened : OPENED) {
            if (opened.getPoolName().equals("replay-" + database)) {
                return opened;
            }
        }
        HikariDataSource dataSource;
        if (database.equals("h2")) {
            dataSource = new HikariDataSource();
            dataSource.setJdbcUrl(TestDatabases.h2File("./target/test-data/replay-" + UUID.randomUUID()));
            dataSource.setUsername("sa");
        } else {
            dataSource = TestDatabases.postgresScratchSchema(SCHEMA);
        }
        dataSource.setPoolName("replay-" + database);
        dataSource.setMaximumPoolSize(8);
        OPENED.add(dataSource);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .schemas(database.equals("h2") ? new String[0] : new String[] {SCHEMA})
                .load()
                .migrate();
        return dataSource;
    }
}
