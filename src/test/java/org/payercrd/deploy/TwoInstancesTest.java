package org.payercrd.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.zaxxer.hikari.HikariDataSource;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.payercrd.RunningService;
import org.payercrd.ServiceProcess;
import org.payercrd.TestDatabases;
import org.payercrd.security.JwksServer;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two instances behind one load balancer, as {@code deploy/kubernetes} runs them: two service processes started at
 * the same moment on one fresh PostgreSQL schema, with authentication required, the shared replay store, and the
 * same public base URL (so a token's audience is the same on both). One scenario, in order, so that the two JVM
 * starts are shared by every check; the last check kills instance A with SIGKILL under load. The replay check is
 * then repeated on two instances with the in-memory store only, to show what the shared store prevents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIf(
        value = "org.payercrd.TestDatabases#postgresGiven",
        disabledReason = "No PostgreSQL given (CRD_TEST_POSTGRES_URL); .ci/run provides one")
class TwoInstancesTest {

    private static final String PUBLIC_BASE_URL = "https://crd.payer.example";
    private static final String EHR = "https://ehr.example.org";
    private static final String ORDER_SIGN = "/cds-services/crd-order-sign";
    private static final String FEEDBACK = ORDER_SIGN + "/feedback";
    private static final String ASSERTION_ID = "systemActions[0].resource.extension[0].extension"
            + ".find { it.url == 'coverage-assertion-id' }.valueString";
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String schema =
            "crd_cluster_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String tag = schema.substring(schema.length() - 6);
    private final JwksServer jwks = new JwksServer();
    private final ECKey ehrKey = ecKey();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<ServiceProcess> started = new ArrayList<>();

    private HikariDataSource database;
    private JdbcTemplate sql;
    private String jwksUrl;
    private ServiceProcess a;
    private ServiceProcess b;

    @BeforeAll
    void startTwoInstancesAtOnceOnAFreshSchema() throws Exception {
        database = TestDatabases.postgresScratchSchema(schema);
        database.setMaximumPoolSize(2);
        sql = new JdbcTemplate(database);
        jwksUrl = jwks.publish("/ehr/jwks.json", List.of(ehrKey));
        a = start("a", "database");
        b = start("b", "database");
        a.awaitReady();
        b.awaitReady();
    }

    @AfterAll
    void stopAndDropTheSchema() throws Exception {
        for (ServiceProcess process : started) {
            process.kill();
        }
        if (database != null) {
            try (Connection connection = database.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
            database.close();
        }
    }

    @Test
    @Order(1)
    void theMigrationsRanOnce() throws IOException {
        List<String> versions;
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            versions = files.map(file -> MIGRATION.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(match -> match.group(1))
                    .sorted()
                    .toList();
        }
        assertThat(versions).isNotEmpty();

        Map<String, Long> successes = sql
                .queryForList(
                        "SELECT version, count(*) AS runs FROM flyway_schema_history WHERE success AND version IS NOT NULL GROUP BY version")
                .stream()
                .collect(Collectors.toMap(
                        row -> (String) row.get("version"), row -> ((Number) row.get("runs")).longValue()));
        assertThat(successes)
                .as("successful runs of each migration")
                .containsOnlyKeys(versions)
                .allSatisfy((version, runs) ->
                        assertThat(runs).as("runs of V" + version).isOne());
        assertThat(sql.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE NOT success", Integer.class))
                .isZero();
        // Both started on the empty schema: one applied the migrations, the other (waiting on Flyway's lock) found
        // the schema up to date.
        assertThat(Stream.of(a, b).filter(process -> process.logText().contains("Successfully applied")))
                .hasSize(1);
    }

    @Test
    @Order(2)
    void aTokenUsedOnOneInstanceIsRefusedOnTheOther() throws Exception {
        String token = token(ORDER_SIGN);

        assertThat(orderSign(a, token, UUID.randomUUID().toString()).statusCode())
                .isEqualTo(200);
        HttpResponse<String> replay = orderSign(b, token, UUID.randomUUID().toString());
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void aTokenSentToBothAtTheSameMomentIsAcceptedOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            assertThat(sentToBothAtOnce(a, b, token(ORDER_SIGN)))
                    .as("statuses, round " + round)
                    .containsExactly(200, 401);
        }
    }

    @Test
    @Order(4)
    void anAssertionMadeOnOneIsFoundOnTheOther() throws Exception {
        HttpResponse<String> answer =
                orderSign(a, token(ORDER_SIGN), UUID.randomUUID().toString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String assertionId = JsonPath.from(answer.body()).getString(ASSERTION_ID);

        HttpResponse<String> found = lookUp(b, assertionId);

        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonPath stored = JsonPath.from(found.body());
        assertThat(stored.getString("assertionId")).isEqualTo(assertionId);
        assertThat(stored.getString("orders[0].orderReference")).isEqualTo("ServiceRequest/ire-1");
        assertThat(stored.getString("callerIssuer")).isEqualTo(EHR);
    }

    @Test
    @Order(5)
    void feedbackOnACardIssuedByOneIsAcceptedByTheOther() throws Exception {
        HttpResponse<String> answer =
                orderSign(a, token(ORDER_SIGN), UUID.randomUUID().toString());
        assertThat(answer.statusCode()).isEqualTo(200);
        String card =
                JsonPath.from(answer.body()).getList("cards.uuid", String.class).get(0);

        HttpResponse<String> heard = post(
                b,
                FEEDBACK,
                token(FEEDBACK),
                RunningService.fixture("feedback/accepted.json").replace("CARD_UUID", card));

        assertThat(heard.statusCode()).as(heard.body()).isEqualTo(200);
        assertThat(sql.queryForList("SELECT outcome FROM card_feedback WHERE card_uuid = ?", String.class, card))
                .containsExactly("accepted");
    }

    /**
     * Client threads alternate between the instances, each call with a fresh token and hookInstance; A is killed
     * once a first batch has been answered, the clients carry on (their calls to A now fail), and B answers a second
     * batch. What any client received must be on record: the assertion found on B, exactly one audit row per call.
     */
    @Test
    @Order(6)
    void underLoadWithOneKilledEveryAnswerIsOnRecord() throws Exception {
        int clients = 4;
        int batch = 12;
        record Outcome(String instance, String hookInstance, int status, String assertionId, boolean afterKill) {}
        Queue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        List<Future<?>> running = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int first = client;
            running.add(threads.submit(() -> {
                for (int call = first; !stop.get(); call++) {
                    ServiceProcess target = call % 2 == 0 ? a : b;
                    String hookInstance = UUID.randomUUID().toString();
                    boolean afterKill = killed.get();
                    try {
                        HttpResponse<String> answer = orderSign(target, token(ORDER_SIGN), hookInstance);
                        String assertionId = answer.statusCode() == 200
                                ? JsonPath.from(answer.body()).getString(ASSERTION_ID)
                                : null;
                        outcomes.add(
                                new Outcome(target.name(), hookInstance, answer.statusCode(), assertionId, afterKill));
                        answered.incrementAndGet();
                    } catch (IOException noAnswer) {
                        outcomes.add(new Outcome(target.name(), hookInstance, -1, null, afterKill));
                    }
                }
                return null;
            }));
        }
        try {
            awaitUntil(() -> answered.get() >= batch, "a first batch answered");
            a.kill();
            killed.set(true);
            int atKill = answered.get();
            awaitUntil(() -> answered.get() >= atKill + batch, "a second batch answered after the kill");
        } finally {
            stop.set(true);
            threads.shutdown();
        }
        assertThat(threads.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        for (Future<?> client : running) {
            client.get();
        }

        List<Outcome> received =
                outcomes.stream().filter(outcome -> outcome.status() != -1).toList();
        System.out.printf(
                "TwoInstancesTest load: %d calls, %d answered (%d by A before the kill, %d by B after it)%n",
                outcomes.size(),
                received.size(),
                received.stream()
                        .filter(outcome -> outcome.instance().equals(a.name()))
                        .count(),
                received.stream()
                        .filter(outcome ->
                                outcome.afterKill() && outcome.instance().equals(b.name()))
                        .count());
        assertThat(received)
                .as("every answer")
                .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(200));
        assertThat(received)
                .as("answers from A before the kill")
                .anyMatch(outcome -> outcome.instance().equals(a.name()));
        assertThat(outcomes)
                .as("calls to A after the kill, unanswered")
                .anyMatch(outcome ->
                        outcome.afterKill() && outcome.instance().equals(a.name()) && outcome.status() == -1);
        assertThat(received)
                .as("answers from B after the kill")
                .anyMatch(outcome -> outcome.afterKill() && outcome.instance().equals(b.name()));
        for (Outcome outcome : received) {
            HttpResponse<String> found = lookUp(b, outcome.assertionId());
            assertThat(found.statusCode()).as("assertion of %s on B", outcome).isEqualTo(200);
            assertThat(JsonPath.from(found.body()).getString("assertionId")).isEqualTo(outcome.assertionId());
        }
        for (Outcome outcome : outcomes) {
            int rows = sql.queryForObject(
                    "SELECT count(*) FROM service_call WHERE hook_instance = ?", Integer.class, outcome.hookInstance());
            if (outcome.status() == 200) {
                assertThat(rows).as("audit rows of answered %s", outcome).isOne();
            } else {
                // Killed between its write and its answer, a call may be on record though no one received it.
                assertThat(rows).as("audit rows of unanswered %s", outcome).isLessThanOrEqualTo(1);
            }
        }
    }

    /**
     * What the shared store is for, shown by switching it off: two instances with the in-memory store only, on the
     * same database, both accept one token.
     */
    @Test
    @Order(7)
    void withTheMemoryStoreOnBothTheOtherInstanceAcceptsAReplay() throws Exception {
        for (ServiceProcess process : List.of(a, b)) {
            process.kill();
        }
        ServiceProcess first = start("memory-a", "memory");
        ServiceProcess second = start("memory-b", "memory");
        first.awaitReady();
        second.awaitReady();
        String token = token(ORDER_SIGN);

        assertThat(orderSign(first, token, UUID.randomUUID().toString()).statusCode())
                .isEqualTo(200);
        assertThat(orderSign(second, token, UUID.randomUUID().toString()).statusCode())
                .as("the replay on the other")
                .isEqualTo(200);
        assertThat(orderSign(second, token, UUID.randomUUID().toString()).statusCode())
                .as("a replay on the same one")
                .isEqualTo(401);
        assertThat(sentToBothAtOnce(first, second, token(ORDER_SIGN))).containsExactly(200, 200);
    }

    private ServiceProcess start(String name, String replayStore) throws IOException {
        List<String> settings = new ArrayList<>(TestDatabases.postgresServiceSettings(schema));
        settings.addAll(List.of(
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--crd.policies.validate=false",
                "--crd.auth.required=true",
                "--crd.auth.public-base-url=" + PUBLIC_BASE_URL,
                "--crd.auth.replay-store=" + replayStore,
                "--crd.auth.trusted-issuers[0].issuer=" + EHR,
                "--crd.auth.trusted-issuers[0].jwks-url=" + jwksUrl));
        ServiceProcess process = ServiceProcess.start("cluster-" + tag + "-" + name, settings);
        started.add(process);
        return process;
    }

    /** The statuses, sorted, of one order-sign with {@code token} sent to both instances at the same moment. */
    private List<Integer> sentToBothAtOnce(ServiceProcess one, ServiceProcess other, String token) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (ServiceProcess target : List.of(one, other)) {
                statuses.add(threads.submit(() -> {
                    go.await();
                    return orderSign(target, token, UUID.randomUUID().toString())
                            .statusCode();
                }));
            }
            go.countDown();
            List<Integer> sorted = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                sorted.add(status.get());
            }
            sorted.sort(null);
            return sorted;
        } finally {
            threads.shutdownNow();
        }
    }

    private HttpResponse<String> orderSign(ServiceProcess target, String token, String hookInstance)
            throws IOException, InterruptedException {
        ObjectNode request = (ObjectNode) JSON.readTree(RunningService.fixture("requests/order-sign-ire-0600T.json"));
        request.put("hookInstance", hookInstance);
        return post(target, ORDER_SIGN, token, JSON.writeValueAsString(request));
    }

    private HttpResponse<String> post(ServiceProcess target, String path, String token, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(target.uri(path))
                        .timeout(CALL_TIMEOUT)
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> lookUp(ServiceProcess target, String assertionId)
            throws IOException, InterruptedException {
        String path = "/api/assertions/" + assertionId;
        return http.send(
                HttpRequest.newBuilder(target.uri(path))
                        .timeout(CALL_TIMEOUT)
                        .header("Authorization", "Bearer " + token(path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A good ES384 token from the EHR, with an id of its own, for a call to {@code path} on either instance. */
    private String token(String path) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(EHR)
                .audience(PUBLIC_BASE_URL + path)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
                .jwtID(UUID.randomUUID().toString())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.ES384)
                            .keyID(ehrKey.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new ECDSASigner(ehrKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ecKey() {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID("ehr-ec-cluster").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Not reached within 3 minutes: " + what);
            }
            Thread.sleep(50);
        }
    }
}
