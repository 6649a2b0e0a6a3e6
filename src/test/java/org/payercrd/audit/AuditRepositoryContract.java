package org.payercrd.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.payercrd.audit.ServiceCallRecord.IssuedCard;
import org.payercrd.coverage.OrderAssertion;

/**
 * What the audit store must do, whatever the database: the same tests run on H2 (the embedded default) and on
 * PostgreSQL, with the schema the service's own Flyway migrations create.
 */
abstract class AuditRepositoryContract {

    static final String POLICY = "https://payercrd.org/fhir/Library/IreNanoKnifePolicy";

    /** Migrates the database with the service's migrations and returns a repository on it. */
    static AuditRepository migratedRepository(HikariDataSource dataSource, String schema) {
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return repositoryOn(dataSource);
    }

    static AuditRepository repositoryOn(DataSource dataSource) {
        return new AuditRepository(dataSource, new ObjectMapper(), Duration.ofMillis(1500));
    }

    abstract AuditRepository repository();

    @Test
    void assertionIsFoundByItsIdWithEveryOrderItCovers() {
        ServiceCallRecord call = call("crd-order-sign");
        repository().recordCall(call);

        StoredAssertion stored = repository()
                .findAssertion(call.assertions().get(0).assertionId())
                .orElseThrow();

        assertThat(stored.hookInstance()).isEqualTo(call.hookInstance());
        assertThat(stored.serviceId()).isEqualTo("crd-order-sign");
        assertThat(stored.patientId()).isEqualTo("pat-1");
        assertThat(stored.callerIssuer()).isEqualTo("https://ehr.example.org");
        assertThat(stored.callerTenant()).isEqualTo("tenant-7");
        assertThat(stored.recordedAt()).isEqualTo(call.receivedAt());
        assertThat(stored.orders()).containsExactlyElementsOf(call.assertions());
    }

    @Test
    void unknownAssertionIdIsNotFound() {
        assertThat(repository().findAssertion(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void callIsReadBackAsRecorded() {
        ServiceCallRecord call = call("crd-order-sign");
        repository().recordCall(call);

        assertThat(repository().callsFor(call.hookInstance())).containsExactly(call);
    }

    @Test
    void callIsRecordedWholeOrNotAtAll() {
        ServiceCallRecord call = call("crd-order-sign");
        IssuedCard card = call.cards().get(0);
        ServiceCallRecord broken = withCards(call, List.of(card, card));

        assertThatThrownBy(() -> repository().recordCall(broken)).isInstanceOf(RuntimeException.class);

        assertThat(repository().callsFor(call.hookInstance())).isEmpty();
        assertThat(repository().findAssertion(call.assertions().get(0).assertionId()))
                .isEmpty();
    }

    @Test
    void feedbackIsStoredWithTheCardItIsAbout() {
        ServiceCallRecord call = call("crd-order-sign");
        repository().recordCall(call);
        String card = call.cards().get(0).uuid();
        FeedbackRecord overridden = new FeedbackRecord(
                card,
                "overridden",
                null,
                Map.of(
                        "reason",
                        Map.of("system", "http://example.org/override", "code", "patient-declined"),
                        "userComment",
                        "discussed with patient"),
                Instant.parse("2026-11-25T14:30:00Z"));

        repository()
                .recordFeedback("crd-order-sign", List.of(overridden), Instant.now(), "https://ehr.example.org", null);

        assertThat(repository().feedbackOn(card)).containsExactly(overridden);
    }

    @Test
    void feedbackNamingAnUnknownCardStoresNothing() {
        ServiceCallRecord call = call("crd-order-sign");
        repository().recordCall(call);
        String known = call.cards().get(0).uuid();
        String unknown = UUID.randomUUID().toString();
        List<FeedbackRecord> feedback = List.of(accepted(known), accepted(unknown));

        assertThatThrownBy(() -> repository().recordFeedback("crd-order-sign", feedback, Instant.now(), null, null))
                .isInstanceOf(UnknownCardException.class)
                .satisfies(e -> assertThat(((UnknownCardException) e).cards()).containsExactly(unknown));

        assertThat(repository().feedbackOn(known)).isEmpty();
    }

    @Test
    void feedbackMustComeToTheServiceThatReturnedTheCard() {
        ServiceCallRecord call = call("crd-order-sign");
        repository().recordCall(call);
        String card = call.cards().get(0).uuid();

        assertThatThrownBy(() -> repository()
                        .recordFeedback("crd-order-select", List.of(accepted(card)), Instant.now(), null, null))
                .isInstanceOf(UnknownCardException.class);
    }

    @Test
    void purgeRemovesExactlyTheOlderCallsWithTheirCardsAssertionsAndFeedback() {
        // Far in the past, so that no other test's call (received now) is older than the limit.
        Instant limit = Instant.parse("2001-03-04T05:06:07.123Z");
        ServiceCallRecord oldest = callAt(limit.minus(Duration.ofDays(3650)));
        ServiceCallRecord old = callAt(limit.minusMillis(1));
        ServiceCallRecord atLimit = callAt(limit);
        ServiceCallRecord younger = callAt(limit.plusSeconds(1));
        List<ServiceCallRecord> all = List.of(oldest, old, atLimit, younger);
        all.forEach(repository()::recordCall);
        for (ServiceCallRecord call : all) {
            repository()
                    .recordFeedback(
                            "crd-order-sign",
                            List.of(accepted(call.cards().get(0).uuid())),
                            Instant.now(),
                            null,
                            null);
        }

        // One call per statement: the oldest goes first, then the next; then none is left before the limit.
        assertThat(repository().purgeCallsBefore(limit, 1)).isEqualTo(1);
        assertThat(repository().callsFor(oldest.hookInstance())).isEmpty();
        assertThat(repository().callsFor(old.hookInstance())).containsExactly(old);
        assertThat(repository().purgeCallsBefore(limit, 1000)).isEqualTo(1);
        assertThat(repository().purgeCallsBefore(limit, 1000)).isZero();

        for (ServiceCallRecord purged : List.of(oldest, old)) {
            assertThat(repository().callsFor(purged.hookInstance())).isEmpty();
            assertThat(repository().findAssertion(purged.assertions().get(0).assertionId()))
                    .isEmpty();
            purged.cards()
                    .forEach(card ->
                            assertThat(repository().feedbackOn(card.uuid())).isEmpty());
            // Its cards are gone too: feedback on one is refused as on a card never returned.
            assertThatThrownBy(() -> repository()
                            .recordFeedback(
                                    "crd-order-sign",
                                    List.of(accepted(purged.cards().get(0).uuid())),
                                    Instant.now(),
                                    null,
                                    null))
                    .isInstanceOf(UnknownCardException.class);
        }
        for (ServiceCallRecord kept : List.of(atLimit, younger)) {
            assertThat(repository().callsFor(kept.hookInstance())).containsExactly(kept);
            assertThat(repository().findAssertion(kept.assertions().get(0).assertionId()))
                    .isPresent();
            assertThat(repository().feedbackOn(kept.cards().get(0).uuid())).hasSize(1);
        }
    }

    private static FeedbackRecord accepted(String card) {
        return new FeedbackRecord(card, "accepted", List.of(), null, Instant.parse("2026-11-25T14:31:00Z"));
    }

    private static ServiceCallRecord call(String serviceId) {
        return call(serviceId, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    /** A call to crd-order-sign with two cards and two orders' assertions, received at {@code receivedAt}. */
    static ServiceCallRecord callAt(Instant receivedAt) {
        return call("crd-order-sign", receivedAt);
    }

    private static ServiceCallRecord call(String serviceId, Instant receivedAt) {
        String assertionId = UUID.randomUUID().toString();
        Map<String, String> details = Map.of(
                "covered",
                "not-covered",
                "coverage",
                "Coverage/cov-1",
                "date",
                "2026-11-25",
                "coverage-assertion-id",
                assertionId);
        return new ServiceCallRecord(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                "order-sign",
                serviceId,
                receivedAt,
                "pat-1",
                List.of("ServiceRequest/ire-1", "ServiceRequest/ire-2"),
                List.of("coverage", "patient"),
                List.of("conditions"),
                List.of(),
                "{\"cards\":[],\"systemActions\":[]}",
                List.of(
                        new IssuedCard(UUID.randomUUID().toString(), "IRE is investigational", "warning"),
                        new IssuedCard(UUID.randomUUID().toString(), "What you can do next", "info")),
                List.of(
                        assertion(assertionId, "ServiceRequest/ire-1", details),
                        assertion(assertionId, "ServiceRequest/ire-2", details)),
                42,
                "https://ehr.example.org",
                "tenant-7");
    }

    private static OrderAssertion assertion(String id, String order, Map<String, String> details) {
        return new OrderAssertion(
                id,
                order,
                "Coverage/cov-1",
                "not-covered",
                POLICY,
                "2022.10.01",
                LocalDate.parse("2026-11-25"),
                details);
    }

    /** The same call with other cards. */
    static ServiceCallRecord withCards(ServiceCallRecord c, List<IssuedCard> cards) {
        return new ServiceCallRecord(
                c.callId(),
                c.hookInstance(),
                c.hook(),
                c.serviceId(),
                c.receivedAt(),
                c.patientId(),
                c.orders(),
                c.prefetched(),
                c.fetched(),
                c.unavailable(),
                c.responseJson(),
                cards,
                c.assertions(),
                c.latencyMillis(),
                c.callerIssuer(),
                c.callerTenant());
    }
}
