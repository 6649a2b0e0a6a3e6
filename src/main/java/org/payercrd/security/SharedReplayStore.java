package org.payercrd.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The used {@code jti}s in the {@code used_token_id} table, which every instance on the database shares: the primary
 * key on {@code (issuer, jti)} makes the first insert win, so a token sent to two instances at the same moment is
 * accepted by one only. The local {@link JtiReplayCache} sits in front and refuses a repeat this instance has seen
 * without a round trip; the table decides for everything else.
 *
 * <p>When the table cannot be reached within the statement timeout the call is decided by the local cache alone (a
 * WARN and {@value #UNAVAILABLE} count it): refusing every call while the database is down would stop all advice,
 * and such a call cannot get a coverage assertion anyway, since the audit that records one is on the same database.
 * The window is a replay to a second instance during the outage.
 */
class SharedReplayStore implements ReplayStore, AutoCloseable {

    /** Calls whose jti was checked against the local cache only because the table could not be reached. */
    static final String UNAVAILABLE = "crd.auth.replay.store.unavailable";

    private static final Logger log = LoggerFactory.getLogger(SharedReplayStore.class);

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final JtiReplayCache local;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Counter unavailable;
    private final ScheduledExecutorService purger;

    SharedReplayStore(
            DataSource dataSource, Duration statementTimeout, JtiReplayCache local, Clock clock, MeterRegistry meters) {
        JdbcTemplate template = new JdbcTemplate(dataSource);
        // Bounded: a slow database delays a call by this much at most before the local cache decides.
        template.setQueryTimeout((int) Math.max(1, statementTimeout.toSeconds()));
        this.jdbc = JdbcClient.create(template);
        this.local = local;
        this.clock = clock;
        this.unavailable = Counter.builder(UNAVAILABLE)
                .description(
                        "Calls whose jti was checked by this instance's memory only: the shared table could not be reached")
                .register(meters);
        this.purger = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "used-token-id-purge");
            thread.setDaemon(true);
            return thread;
        });
        purger.scheduleWithFixedDelay(
                this::purgeExpired, PURGE_INTERVAL.toSeconds(), PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public boolean firstUse(String issuer, String jti, Instant forgetAfter) {
        if (!local.firstUse(issuer, jti, forgetAfter)) {
            return false;
        }
        try {
            if (insert(issuer, jti, forgetAfter)) {
                return true;
            }
            // A row past its time is an expired token's that the purge has not reached yet: a new token may reuse
            // the id (as in JtiReplayCache). Rare, so the extra round trips are only paid here.
            int forgotten = jdbc.sql(
                            "DELETE FROM used_token_id WHERE issuer = :issuer AND jti = :jti AND expires_at < :now")
                    .param("issuer", issuer)
                    .param("jti", jti)
                    .param("now", utc(clock.instant()))
                    .update();
            return forgotten > 0 && insert(issuer, jti, forgetAfter);
        } catch (DataAccessException e) {
            unavailable.increment();
            log.warn(
                    "Replay check of a token from {} by this instance's memory only: the used_token_id table "
                            + "could not be reached ({}). A replay sent to another instance is not detected meanwhile.",
                    issuer,
                    e.getMostSpecificCause().getMessage());
            return true;
        }
    }

    /** PostgreSQL and H2 (MODE=PostgreSQL) both run {@code ON CONFLICT DO NOTHING}: 0 rows is a conflict. */
    private boolean insert(String issuer, String jti, Instant forgetAfter) {
        return jdbc.sql("INSERT INTO used_token_id (issuer, jti, expires_at) VALUES (:issuer, :jti, :expiresAt) "
                                + "ON CONFLICT DO NOTHING")
                        .param("issuer", issuer)
                        .param("jti", jti)
                        .param("expiresAt", utc(forgetAfter))
                        .update()
                == 1;
    }

    int purgeExpired() {
        try {
            return jdbc.sql("DELETE FROM used_token_id WHERE expires_at < :now")
                    .param("now", utc(clock.instant()))
                    .update();
        } catch (DataAccessException e) {
            log.warn(
                    "Could not purge expired rows of used_token_id: {}",
                    e.getMostSpecificCause().getMessage());
            return 0;
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: keep purging.
            log.warn("Could not purge expired rows of used_token_id", e);
            return 0;
        }
    }

    @Override
    public void close() {
        purger.shutdownNow();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
