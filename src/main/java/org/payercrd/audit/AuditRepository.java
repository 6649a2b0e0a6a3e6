package org.payercrd.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.payercrd.CrdProperties;
import org.payercrd.audit.ServiceCallRecord.IssuedCard;
import org.payercrd.coverage.OrderAssertion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Component;

/**
 * The audit tables (see {@code db/migration}), through plain SQL that PostgreSQL and H2 in PostgreSQL mode both run.
 * Calls are written in one transaction with their cards and assertions, one or many calls at once (the
 * {@link AuditWriter} gives all that are pending); when the method returns, the transaction has committed and is on
 * disk, so what the EHR is about to receive survives even {@code kill -9}.
 *
 * <p>PostgreSQL's commit is durable by itself. H2 writes commits to its file in the background, up to half a second
 * later, so on H2 each write ends with {@code CHECKPOINT}, which writes them at once. (H2's {@code WRITE_DELAY=0}
 * would too, but it also stops the background upkeep that reuses file space.) The default URL's
 * {@code RETENTION_TIME=0} and {@code COMPRESS=TRUE} keep the file near its data despite a checkpoint per batch.
 * The checkpoint runs on the connection that committed: one pool connection per write.
 *
 * <p>Every wait of a write is bounded by the statement timeout (the caller's {@code crd.audit.write-timeout}): the
 * JDBC query timeout on each statement, and on PostgreSQL also {@code statement_timeout} and {@code lock_timeout} for
 * the transaction (H2's lock timeout is set in its URL). A write that fails with a database error takes its
 * connection out of the pool: on H2 a failed file write (a full disk) leaves the connection's session broken, and
 * the pool would otherwise hand it out again and again. When that failure closed H2's database, every pooled
 * connection is retired, so that the store recovers once space is back, without a restart.
 */
@Component
public class AuditRepository {

    private static final Logger log = LoggerFactory.getLogger(AuditRepository.class);

    /** org.h2.api.ErrorCode.DATABASE_IS_CLOSED. */
    private static final int H2_DATABASE_IS_CLOSED = 90098;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, String>> TEXT_BY_NAME = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

    private static final String INSERT_CALL = """
            INSERT INTO service_call (call_id, hook_instance, hook, service_id, received_at, patient_id, orders,
                prefetched, fetched, unavailable, response, latency_ms, caller_issuer, caller_tenant)
            VALUES (:callId, :hookInstance, :hook, :serviceId, :receivedAt, :patientId, :orders,
                :prefetched, :fetched, :unavailable, :response, :latency, :issuer, :tenant)""";
    private static final String INSERT_CARD = """
            INSERT INTO issued_card (card_uuid, call_id, service_id, position, summary, indicator)
            VALUES (:uuid, :callId, :serviceId, :position, :summary, :indicator)""";
    private static final String INSERT_ASSERTION = """
            INSERT INTO coverage_assertion (assertion_id, call_id, order_reference, coverage_reference,
                decision, policy_url, policy_version, asserted_on, details)
            VALUES (:assertionId, :callId, :order, :coverage, :decision, :policyUrl, :policyVersion,
                :date, :details)""";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Duration statementTimeout;
    private final boolean checkpointAfterCommit;
    private final boolean postgres;
    private final HikariDataSource pool;

    @Autowired
    public AuditRepository(DataSource dataSource, ObjectMapper json, CrdProperties properties) {
        this(dataSource, json, properties.audit().writeTimeout());
    }

    /** @param statementTimeout the longest any statement of a write, or a lock it waits for, may take */
    public AuditRepository(DataSource dataSource, ObjectMapper json, Duration statementTimeout) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.json = json;
        this.statementTimeout = statementTimeout;
        String product = databaseProduct(dataSource);
        this.checkpointAfterCommit = "H2".equals(product);
        this.postgres = "PostgreSQL".equals(product);
        this.pool = hikari(dataSource);
    }

    /** Writes one call: see {@link #recordCalls(List)}. */
    public void recordCall(ServiceCallRecord call) {
        recordCalls(List.of(call));
    }

    /**
     * Writes the calls in one transaction and makes it durable: all are stored or none is.
     *
     * @throws DataAccessException when the write failed or did not finish within the statement timeout
     */
    public void recordCalls(List<ServiceCallRecord> calls) {
        if (calls.isEmpty()) {
            return;
        }
        List<SqlParameterSource> callRows = new ArrayList<>(calls.size());
        List<SqlParameterSource> cardRows = new ArrayList<>();
        List<SqlParameterSource> assertionRows = new ArrayList<>();
        for (ServiceCallRecord call : calls) {
            callRows.add(new StoredRow()
                    .addValue("callId", call.callId())
                    .addValue("hookInstance", call.hookInstance())
                    .addValue("hook", call.hook())
                    .addValue("serviceId", call.serviceId())
                    .addValue("receivedAt", utc(call.receivedAt()))
                    .addValue("patientId", call.patientId(), Types.VARCHAR)
                    .addValue("orders", write(call.orders()))
                    .addValue("prefetched", write(call.prefetched()))
                    .addValue("fetched", write(call.fetched()))
                    .addValue("unavailable", write(call.unavailable()))
                    .addValue("response", call.responseJson())
                    .addValue("latency", (int) Math.min(Integer.MAX_VALUE, call.latencyMillis()))
                    .addValue("issuer", call.callerIssuer(), Types.VARCHAR)
                    .addValue("tenant", call.callerTenant(), Types.VARCHAR));
            for (int position = 0; position < call.cards().size(); position++) {
                IssuedCard card = call.cards().get(position);
                cardRows.add(new StoredRow()
                        .addValue("uuid", card.uuid())
                        .addValue("position", position)
                        .addValue("callId", call.callId())
                        .addValue("serviceId", call.serviceId())
                        .addValue("summary", card.summary(), Types.VARCHAR)
                        .addValue("indicator", card.indicator(), Types.VARCHAR));
            }
            for (OrderAssertion assertion : call.assertions()) {
                assertionRows.add(new StoredRow()
                        .addValue("assertionId", assertion.assertionId())
                        .addValue("callId", call.callId())
                        .addValue("order", assertion.orderReference())
                        .addValue("coverage", assertion.coverageReference(), Types.VARCHAR)
                        .addValue("decision", assertion.decision(), Types.VARCHAR)
                        .addValue("policyUrl", assertion.policyUrl())
                        .addValue("policyVersion", assertion.policyVersion(), Types.VARCHAR)
                        .addValue("date", assertion.date())
                        .addValue("details", write(assertion.details())));
            }
        }
        inDurableTransaction(statements -> {
            insert(statements, INSERT_CALL, callRows);
            insert(statements, INSERT_CARD, cardRows);
            insert(statements, INSERT_ASSERTION, assertionRows);
            return null;
        });
    }

    /**
     * Deletes, in one transaction, at most {@code max} of the oldest calls received strictly before {@code limit},
     * with everything that hangs off them: the feedback on their cards, the cards, the assertions. A call received
     * at {@code limit} or later is never touched, nor is anything of another call. Each statement is bounded by the
     * statement timeout, as a write is.
     *
     * @return how many calls were deleted (fewer than {@code max}: none older is left)
     * @throws DataAccessException when the store failed or did not answer within the statement timeout
     */
    public int purgeCallsBefore(Instant limit, int max) {
        return inDurableTransaction(statements -> {
            // The oldest first, by the received_at index; the rows hanging off them by their call_id/card_uuid indexes.
            List<String> calls = statements.queryForList(
                    """
                    SELECT call_id FROM service_call WHERE received_at < :limit
                     ORDER BY received_at LIMIT :max""",
                    new MapSqlParameterSource().addValue("limit", utc(limit)).addValue("max", max),
                    String.class);
            if (calls.isEmpty()) {
                return 0;
            }
            MapSqlParameterSource ids = new MapSqlParameterSource("calls", calls);
            // Children before parents: the foreign keys (card_feedback -> issued_card -> service_call,
            // coverage_assertion -> service_call) have no ON DELETE CASCADE.
            statements.update("""
                    DELETE FROM card_feedback WHERE card_uuid IN
                        (SELECT card_uuid FROM issued_card WHERE call_id IN (:calls))""", ids);
            statements.update("DELETE FROM issued_card WHERE call_id IN (:calls)", ids);
            statements.update("DELETE FROM coverage_assertion WHERE call_id IN (:calls)", ids);
            return statements.update("DELETE FROM service_call WHERE call_id IN (:calls)", ids);
        });
    }

    /**
     * Reads one row of {@code service_call} with every wait bounded by {@code timeout} (besides the pool's connection
     * timeout): fails on a refused connection, a held lock or a stalled database.
     *
     * @throws DataAccessException when the table could not be read in time
     */
    public void probe(Duration timeout) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw translate("Getting an audit connection", e);
        }
        try {
            connection.setAutoCommit(false);
            JdbcTemplate template = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            template.setQueryTimeout((int) Math.max(1, (timeout.toMillis() + 999) / 1000));
            if (postgres) {
                template.execute("SET LOCAL statement_timeout = " + timeout.toMillis());
                template.execute("SET LOCAL lock_timeout = " + timeout.toMillis());
            }
            template.queryForList("SELECT call_id FROM service_call LIMIT 1", String.class);
        } catch (SQLException e) {
            retireSessionsIfTheDatabaseClosed(e);
            throw translate("Probing the audit", e);
        } catch (DataAccessException e) {
            retireSessionsIfTheDatabaseClosed(e);
            throw e;
        } finally {
            rollBack(connection);
            release(connection, false);
        }
    }

    public Optional<StoredAssertion> findAssertion(String assertionId) {
        List<Row> rows = jdbc.sql("""
                SELECT a.assertion_id, a.order_reference, a.coverage_reference, a.decision, a.policy_url,
                       a.policy_version, a.asserted_on, a.details, c.received_at, c.hook_instance, c.hook,
                       c.service_id, c.patient_id, c.caller_issuer, c.caller_tenant
                  FROM coverage_assertion a JOIN service_call c ON c.call_id = a.call_id
                 WHERE a.assertion_id = :assertionId
                 ORDER BY a.id""")
                .param("assertionId", assertionId)
                .query((rs, n) -> new Row(rs, assertion(rs)))
                .list();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row first = rows.get(0);
        return Optional.of(new StoredAssertion(
                assertionId,
                first.receivedAt,
                first.hookInstance,
                first.hook,
                first.serviceId,
                first.patientId,
                first.issuer,
                first.tenant,
                rows.stream().map(Row::assertion).toList()));
    }

    /**
     * Every call recorded for a hook instance (an EHR may retry one), with its cards and assertions. The cards and
     * assertions are read once the calls' query has closed: read inside its row mapper, each would take a second
     * pool connection while the first is still held, which on a pool of one (or an exhausted one) never comes.
     */
    public List<ServiceCallRecord> callsFor(String hookInstance) {
        List<ServiceCallRecord> calls = jdbc.sql("""
                SELECT call_id, hook_instance, hook, service_id, received_at, patient_id, orders, prefetched,
                       fetched, unavailable, response, latency_ms, caller_issuer, caller_tenant
                  FROM service_call WHERE hook_instance = :hookInstance ORDER BY received_at""")
                .param("hookInstance", hookInstance)
                .query((rs, n) -> new ServiceCallRecord(
                        rs.getString("call_id"),
                        rs.getString("hook_instance"),
                        rs.getString("hook"),
                        rs.getString("service_id"),
                        instant(rs, "received_at"),
                        rs.getString("patient_id"),
                        read(rs.getString("orders"), STRINGS),
                        read(rs.getString("prefetched"), STRINGS),
                        read(rs.getString("fetched"), STRINGS),
                        read(rs.getString("unavailable"), STRINGS),
                        rs.getString("response"),
                        List.of(),
                        List.of(),
                        rs.getInt("latency_ms"),
                        rs.getString("caller_issuer"),
                        rs.getString("caller_tenant")))
                .list();
        return calls.stream()
                .map(call -> new ServiceCallRecord(
                        call.callId(),
                        call.hookInstance(),
                        call.hook(),
                        call.serviceId(),
                        call.receivedAt(),
                        call.patientId(),
                        call.orders(),
                        call.prefetched(),
                        call.fetched(),
                        call.unavailable(),
                        call.responseJson(),
                        cardsOf(call.callId()),
                        assertionsOf(call.callId()),
                        call.latencyMillis(),
                        call.callerIssuer(),
                        call.callerTenant()))
                .toList();
    }

    /**
     * Stores feedback on cards this service returned, all or nothing.
     *
     * @throws UnknownCardException when a card uuid was never returned by {@code serviceId}; nothing is stored
     */
    public void recordFeedback(
            String serviceId, List<FeedbackRecord> feedback, Instant receivedAt, String issuer, String tenant) {
        inDurableTransaction(statements -> {
            Set<String> named = new LinkedHashSet<>();
            feedback.forEach(f -> named.add(f.cardUuid()));
            Set<String> known = new LinkedHashSet<>(statements.queryForList(
                    "SELECT card_uuid FROM issued_card WHERE service_id = :serviceId AND card_uuid IN (:uuids)",
                    new StoredRow().addValue("serviceId", serviceId).addValue("uuids", named),
                    String.class));
            List<String> unknown =
                    named.stream().filter(uuid -> !known.contains(uuid)).toList();
            if (!unknown.isEmpty()) {
                throw new UnknownCardException(serviceId, unknown);
            }
            List<SqlParameterSource> rows = new ArrayList<>(feedback.size());
            for (FeedbackRecord f : feedback) {
                rows.add(new StoredRow()
                        .addValue("card", f.cardUuid())
                        .addValue("outcome", f.outcome())
                        .addValue(
                                "accepted",
                                f.acceptedSuggestions() == null ? null : write(f.acceptedSuggestions()),
                                Types.VARCHAR)
                        .addValue(
                                "overrideReason",
                                f.overrideReason() == null ? null : write(f.overrideReason()),
                                Types.VARCHAR)
                        .addValue("outcomeTimestamp", utc(f.outcomeTimestamp()))
                        .addValue("receivedAt", utc(receivedAt))
                        .addValue("issuer", issuer, Types.VARCHAR)
                        .addValue("tenant", tenant, Types.VARCHAR));
            }
            insert(statements, """
                    INSERT INTO card_feedback (card_uuid, outcome, accepted_suggestions, override_reason,
                        outcome_timestamp, received_at, caller_issuer, caller_tenant)
                    VALUES (:card, :outcome, :accepted, :overrideReason, :outcomeTimestamp, :receivedAt,
                        :issuer, :tenant)""", rows);
            return null;
        });
    }

    /** The feedback received on one card, oldest first. */
    public List<FeedbackRecord> feedbackOn(String cardUuid) {
        return jdbc.sql("""
                SELECT card_uuid, outcome, accepted_suggestions, override_reason, outcome_timestamp
                  FROM card_feedback WHERE card_uuid = :card ORDER BY id""")
                .param("card", cardUuid)
                .query((rs, n) -> new FeedbackRecord(
                        rs.getString("card_uuid"),
                        rs.getString("outcome"),
                        rs.getString("accepted_suggestions") == null
                                ? null
                                : read(rs.getString("accepted_suggestions"), STRINGS),
                        rs.getString("override_reason") == null ? null : read(rs.getString("override_reason"), OBJECT),
                        instant(rs, "outcome_timestamp")))
                .list();
    }

    private List<IssuedCard> cardsOf(String callId) {
        return jdbc.sql(
                        "SELECT card_uuid, summary, indicator FROM issued_card WHERE call_id = :callId ORDER BY position")
                .param("callId", callId)
                .query((rs, n) ->
                        new IssuedCard(rs.getString("card_uuid"), rs.getString("summary"), rs.getString("indicator")))
                .list();
    }

    private List<OrderAssertion> assertionsOf(String callId) {
        return jdbc.sql("""
                SELECT assertion_id, order_reference, coverage_reference, decision, policy_url, policy_version,
                       asserted_on, details
                  FROM coverage_assertion WHERE call_id = :callId ORDER BY id""")
                .param("callId", callId)
                .query((rs, n) -> assertion(rs))
                .list();
    }

    private OrderAssertion assertion(ResultSet rs) throws SQLException {
        return new OrderAssertion(
                rs.getString("assertion_id"),
                rs.getString("order_reference"),
                rs.getString("coverage_reference"),
                rs.getString("decision"),
                rs.getString("policy_url"),
                rs.getString("policy_version"),
                rs.getObject("asserted_on", LocalDate.class),
                read(rs.getString("details"), TEXT_BY_NAME));
    }

    /**
     * Runs {@code work} in one transaction on one pool connection, commits, and makes the commit durable on that same
     * connection. A database error rolls back and evicts the connection; any other exception (an unknown card) rolls
     * back and returns it to the pool.
     */
    private <T> T inDurableTransaction(TransactionWork<T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw translate("Getting an audit connection", e);
        }
        boolean broken = false;
        try {
            connection.setAutoCommit(false);
            JdbcTemplate template = new JdbcTemplate(new SingleConnectionDataSource(connection, true));
            // JDBC counts whole seconds: rounded up, so the database's own timeouts below are the precise ones.
            template.setQueryTimeout((int) Math.max(1, (statementTimeout.toMillis() + 999) / 1000));
            if (postgres) {
                // SET LOCAL: for this transaction only, so the pooled session keeps its defaults for other users.
                template.execute("SET LOCAL statement_timeout = " + statementTimeout.toMillis());
                template.execute("SET LOCAL lock_timeout = " + statementTimeout.toMillis());
            }
            T result = work.run(new NamedParameterJdbcTemplate(template));
            connection.commit();
            if (checkpointAfterCommit) {
                template.execute("CHECKPOINT");
            }
            return result;
        } catch (SQLException e) {
            broken = true;
            rollBack(connection);
            retireSessionsIfTheDatabaseClosed(e);
            throw translate("Writing the audit", e);
        } catch (DataAccessException e) {
            broken = true;
            rollBack(connection);
            retireSessionsIfTheDatabaseClosed(e);
            throw e;
        } catch (RuntimeException | Error e) {
            rollBack(connection);
            throw e;
        } finally {
            release(connection, broken);
        }
    }

    private static void insert(NamedParameterJdbcOperations statements, String sql, List<SqlParameterSource> rows) {
        if (!rows.isEmpty()) {
            statements.batchUpdate(sql, rows.toArray(SqlParameterSource[]::new));
        }
    }

    private static void rollBack(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.debug("Rollback of a failed audit write failed too: {}", e.getMessage());
        }
    }

    /** Never throws: a failure here must not hide the write's own outcome. */
    private void release(Connection connection, boolean broken) {
        try {
            if (!broken) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            broken = true;
        }
        try {
            if (broken && pool != null) {
                // Evicted while still open, it leaves the pool at once; it must not be closed after that (Hikari
                // would reset the state of a connection it no longer has).
                pool.evictConnection(connection);
            } else {
                connection.close();
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Releasing an audit connection failed: {}", e.getMessage());
        }
    }

    /**
     * H2 closes its database for good when a write to its file fails (a full disk): from then on every session of it
     * fails, even once space is back, while a new connection opens the file afresh (recovering the last durable
     * state). So every pooled connection is retired, the busy ones as they come back; the next write gets a new one.
     */
    private void retireSessionsIfTheDatabaseClosed(Throwable failure) {
        if (checkpointAfterCommit
                && pool != null
                && pool.getHikariPoolMXBean() != null
                && closedTheEmbeddedDatabase(failure)) {
            log.debug(
                    "The embedded audit database closed itself ({}); retiring its pooled connections",
                    AuditWriter.oneLine(failure));
            pool.getHikariPoolMXBean().softEvictConnections();
        }
    }

    /** H2's own words for it: DATABASE_IS_CLOSED, or its file store's failure (H2 is a runtime dependency only). */
    static boolean closedTheEmbeddedDatabase(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_IS_CLOSED
                    || cause.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
                return true;
            }
        }
        return false;
    }

    private static DataAccessException translate(String task, SQLException e) {
        DataAccessException translated = new SQLStateSQLExceptionTranslator().translate(task, null, e);
        return translated != null ? translated : new UncategorizedSQLException(task, null, e);
    }

    private static HikariDataSource hikari(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static String databaseProduct(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("Cannot reach the audit database", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write audit JSON", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read audit JSON", e);
        }
    }

    /**
     * The one door text goes through into the audit tables. PostgreSQL's text refuses NUL (H2 takes it), and a NUL
     * can reach free text the service stores as it came (a display the EHR sent, quoted in a card's summary): it is
     * stored as U+FFFD, the replacement character, on both stores alike, so the call keeps its record and its
     * assertion. Ids never carry one (they are checked as FHIR ids as the call is read), and the JSON documents
     * stored carry it escaped, as six ASCII characters, which text takes.
     */
    private static final class StoredRow extends MapSqlParameterSource {

        @Override
        public MapSqlParameterSource addValue(String paramName, Object value) {
            return super.addValue(paramName, stored(value));
        }

        @Override
        public MapSqlParameterSource addValue(String paramName, Object value, int sqlType) {
            return super.addValue(paramName, stored(value), sqlType);
        }

        private static Object stored(Object value) {
            if (value instanceof String text) {
                return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
            }
            if (value instanceof Collection<?> values) {
                return values.stream().map(StoredRow::stored).toList();
            }
            return value;
        }
    }

    /** What runs inside {@link #inDurableTransaction}. */
    @FunctionalInterface
    private interface TransactionWork<T> {
        T run(NamedParameterJdbcOperations statements);
    }

    /** A row of the assertion lookup: one order's assertion and the call it was made in. */
    private record Row(
            OrderAssertion assertion,
            Instant receivedAt,
            String hookInstance,
            String hook,
            String serviceId,
            String patientId,
            String issuer,
            String tenant) {

        Row(ResultSet rs, OrderAssertion assertion) throws SQLException {
            this(
                    assertion,
                    instant(rs, "received_at"),
                    rs.getString("hook_instance"),
                    rs.getString("hook"),
                    rs.getString("service_id"),
                    rs.getString("patient_id"),
                    rs.getString("caller_issuer"),
                    rs.getString("caller_tenant"));
        }
    }
}
