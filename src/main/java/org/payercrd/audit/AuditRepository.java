package org.payercrd.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.payercrd.audit.ServiceCallRecord.IssuedCard;
import org.payercrd.coverage.OrderAssertion;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit tables (see {@code db/migration}), through plain SQL that PostgreSQL and H2 in PostgreSQL mode both run.
 * A call is written in one transaction with its cards and assertions; when the method returns, the transaction has
 * committed and is on disk, so what the EHR is about to receive survives even {@code kill -9}.
 *
 * <p>PostgreSQL's commit is durable by itself. H2 writes commits to its file in the background, up to half a second
 * later, so on H2 each write ends with {@code CHECKPOINT}, which writes them at once. (H2's {@code WRITE_DELAY=0}
 * would too, but it also stops the background upkeep that reuses file space: the file then grows about 30 kB per
 * call, without bound.)
 */
@Component
public class AuditRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, String>> TEXT_BY_NAME = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final ObjectMapper json;
    private final boolean checkpointAfterCommit;

    public AuditRepository(DataSource dataSource, ObjectMapper json) {
        this.jdbc = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
        this.checkpointAfterCommit = "H2".equals(databaseProduct(dataSource));
    }

    public void recordCall(ServiceCallRecord call) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("""
                    INSERT INTO service_call (call_id, hook_instance, hook, service_id, received_at, patient_id, orders,
                        prefetched, fetched, unavailable, response, latency_ms, caller_issuer, caller_tenant)
                    VALUES (:callId, :hookInstance, :hook, :serviceId, :receivedAt, :patientId, :orders,
                        :prefetched, :fetched, :unavailable, :response, :latency, :issuer, :tenant)""")
                    .param("callId", call.callId())
                    .param("hookInstance", call.hookInstance())
                    .param("hook", call.hook())
                    .param("serviceId", call.serviceId())
                    .param("receivedAt", utc(call.receivedAt()))
                    .param("patientId", call.patientId(), Types.VARCHAR)
                    .param("orders", write(call.orders()))
                    .param("prefetched", write(call.prefetched()))
                    .param("fetched", write(call.fetched()))
                    .param("unavailable", write(call.unavailable()))
                    .param("response", call.responseJson())
                    .param("latency", (int) Math.min(Integer.MAX_VALUE, call.latencyMillis()))
                    .param("issuer", call.callerIssuer(), Types.VARCHAR)
                    .param("tenant", call.callerTenant(), Types.VARCHAR)
                    .update();
            for (int position = 0; position < call.cards().size(); position++) {
                IssuedCard card = call.cards().get(position);
                jdbc.sql("""
                        INSERT INTO issued_card (card_uuid, call_id, service_id, position, summary, indicator)
                        VALUES (:uuid, :callId, :serviceId, :position, :summary, :indicator)""")
                        .param("uuid", card.uuid())
                        .param("position", position)
                        .param("callId", call.callId())
                        .param("serviceId", call.serviceId())
                        .param("summary", card.summary(), Types.VARCHAR)
                        .param("indicator", card.indicator(), Types.VARCHAR)
                        .update();
            }
            for (OrderAssertion assertion : call.assertions()) {
                jdbc.sql("""
                        INSERT INTO coverage_assertion (assertion_id, call_id, order_reference, coverage_reference,
                            decision, policy_url, policy_version, asserted_on, details)
                        VALUES (:assertionId, :callId, :order, :coverage, :decision, :policyUrl, :policyVersion,
                            :date, :details)""")
                        .param("assertionId", assertion.assertionId())
                        .param("callId", call.callId())
                        .param("order", assertion.orderReference())
                        .param("coverage", assertion.coverageReference(), Types.VARCHAR)
                        .param("decision", assertion.decision(), Types.VARCHAR)
                        .param("policyUrl", assertion.policyUrl())
                        .param("policyVersion", assertion.policyVersion(), Types.VARCHAR)
                        .param("date", assertion.date())
                        .param("details", write(assertion.details()))
                        .update();
            }
        });
        makeDurable();
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
        return Optional.of(new StoredAssertion(assertionId, first.receivedAt, first.hookInstance, first.hook,
                first.serviceId, first.patientId, first.issuer, first.tenant,
                rows.stream().map(Row::assertion).toList()));
    }

    /** Every call recorded for a hook instance (an EHR may retry one), with its cards and assertions. */
    public List<ServiceCallRecord> callsFor(String hookInstance) {
        return jdbc.sql("""
                SELECT call_id, hook_instance, hook, service_id, received_at, patient_id, orders, prefetched,
                       fetched, unavailable, response, latency_ms, caller_issuer, caller_tenant
                  FROM service_call WHERE hook_instance = :hookInstance ORDER BY received_at""")
                .param("hookInstance", hookInstance)
                .query((rs, n) -> new ServiceCallRecord(rs.getString("call_id"), rs.getString("hook_instance"),
                        rs.getString("hook"), rs.getString("service_id"), instant(rs, "received_at"),
                        rs.getString("patient_id"), read(rs.getString("orders"), STRINGS),
                        read(rs.getString("prefetched"), STRINGS), read(rs.getString("fetched"), STRINGS),
                        read(rs.getString("unavailable"), STRINGS),
                        rs.getString("response"), cardsOf(rs.getString("call_id")),
                        assertionsOf(rs.getString("call_id")), rs.getInt("latency_ms"),
                        rs.getString("caller_issuer"), rs.getString("caller_tenant")))
                .list();
    }

    /**
     * Stores feedback on cards this service returned, all or nothing.
     *
     * @throws UnknownCardException when a card uuid was never returned by {@code serviceId}; nothing is stored
     */
    public void recordFeedback(String serviceId, List<FeedbackRecord> feedback, Instant receivedAt, String issuer,
            String tenant) {
        transactions.executeWithoutResult(tx -> {
            Set<String> named = new LinkedHashSet<>();
            feedback.forEach(f -> named.add(f.cardUuid()));
            Set<String> known = new LinkedHashSet<>(jdbc.sql(
                    "SELECT card_uuid FROM issued_card WHERE service_id = :serviceId AND card_uuid IN (:uuids)")
                    .param("serviceId", serviceId)
                    .param("uuids", named)
                    .query(String.class)
                    .list());
            List<String> unknown = named.stream().filter(uuid -> !known.contains(uuid)).toList();
            if (!unknown.isEmpty()) {
                throw new UnknownCardException(serviceId, unknown);
            }
            for (FeedbackRecord f : feedback) {
                jdbc.sql("""
                        INSERT INTO card_feedback (card_uuid, outcome, accepted_suggestions, override_reason,
                            outcome_timestamp, received_at, caller_issuer, caller_tenant)
                        VALUES (:card, :outcome, :accepted, :overrideReason, :outcomeTimestamp, :receivedAt,
                            :issuer, :tenant)""")
                        .param("card", f.cardUuid())
                        .param("outcome", f.outcome())
                        .param("accepted", f.acceptedSuggestions() == null ? null : write(f.acceptedSuggestions()), Types.VARCHAR)
                        .param("overrideReason", f.overrideReason() == null ? null : write(f.overrideReason()), Types.VARCHAR)
                        .param("outcomeTimestamp", utc(f.outcomeTimestamp()))
                        .param("receivedAt", utc(receivedAt))
                        .param("issuer", issuer, Types.VARCHAR)
                        .param("tenant", tenant, Types.VARCHAR)
                        .update();
            }
        });
        makeDurable();
    }

    /** The feedback received on one card, oldest first. */
    public List<FeedbackRecord> feedbackOn(String cardUuid) {
        return jdbc.sql("""
                SELECT card_uuid, outcome, accepted_suggestions, override_reason, outcome_timestamp
                  FROM card_feedback WHERE card_uuid = :card ORDER BY id""")
                .param("card", cardUuid)
                .query((rs, n) -> new FeedbackRecord(rs.getString("card_uuid"), rs.getString("outcome"),
                        rs.getString("accepted_suggestions") == null ? null : read(rs.getString("accepted_suggestions"), STRINGS),
                        rs.getString("override_reason") == null ? null : read(rs.getString("override_reason"), OBJECT),
                        instant(rs, "outcome_timestamp")))
                .list();
    }

    private List<IssuedCard> cardsOf(String callId) {
        return jdbc.sql("SELECT card_uuid, summary, indicator FROM issued_card WHERE call_id = :callId ORDER BY position")
                .param("callId", callId)
                .query((rs, n) -> new IssuedCard(rs.getString("card_uuid"), rs.getString("summary"), rs.getString("indicator")))
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
        return new OrderAssertion(rs.getString("assertion_id"), rs.getString("order_reference"),
                rs.getString("coverage_reference"), rs.getString("decision"), rs.getString("policy_url"),
                rs.getString("policy_version"), rs.getObject("asserted_on", LocalDate.class),
                read(rs.getString("details"), TEXT_BY_NAME));
    }

    private void makeDurable() {
        if (checkpointAfterCommit) {
            jdbc.sql("CHECKPOINT").update();
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

    /** A row of the assertion lookup: one order's assertion and the call it was made in. */
    private record Row(OrderAssertion assertion, Instant receivedAt, String hookInstance, String hook,
            String serviceId, String patientId, String issuer, String tenant) {

        Row(ResultSet rs, OrderAssertion assertion) throws SQLException {
            this(assertion, instant(rs, "received_at"), rs.getString("hook_instance"), rs.getString("hook"),
                    rs.getString("service_id"), rs.getString("patient_id"), rs.getString("caller_issuer"),
                    rs.getString("caller_tenant"));
        }
    }
}
