package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.CrdProperties;
import org.payercrd.fhir.PatientData.KeyOutcome;
import org.payercrd.fhir.PatientData.Source;
import org.payercrd.fhir.PrefetchReader.PrefetchEntry;
import org.payercrd.operations.HookMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Gathers the patient's data for one hook call, per CDS Hooks 2.0: every resource prefetched is the patient's data,
 * whatever its key; a template key holding JSON {@code null} is known absent; a template key missing or holding an
 * OperationOutcome is read from the EHR's {@code fhirServer} with its token, resolving the same template, unless
 * data under another key already answers it ({@link PrefetchContent}). Each resource counts once. All reads run in parallel under one time budget;
 * whatever is not back by then, or failed, is reported as unavailable and the call goes on without it, because a
 * clinician waiting to sign an order must get an answer, even a partial one.
 */
@Component
public class PatientDataGatherer {

    private static final Logger log = LoggerFactory.getLogger(PatientDataGatherer.class);

    private final PrefetchReader prefetchReader;
    private final FhirContext fhirContext;
    private final ExecutorService fetchExecutor;
    private final long timeBudgetNanos;
    private final Set<String> allowedServers;
    private final EhrServerBulkhead bulkhead;
    private final HookMetrics metrics;

    public PatientDataGatherer(
            PrefetchReader prefetchReader,
            FhirContext fhirContext,
            @Qualifier(FhirConfiguration.EHR_FETCH_EXECUTOR) ExecutorService fetchExecutor,
            CrdProperties properties,
            HookMetrics metrics) {
        this.metrics = metrics;
        this.prefetchReader = prefetchReader;
        this.fhirContext = fhirContext;
        this.fetchExecutor = fetchExecutor;
        this.timeBudgetNanos = properties.fhir().timeBudget().toNanos();
        this.bulkhead = new EhrServerBulkhead(properties.fhir().maxConcurrentReadsPerServer());
        this.allowedServers = properties.fhir().allowedServers().stream()
                .map(PatientDataGatherer::normalized)
                .collect(Collectors.toUnmodifiableSet());
    }

    public PatientData gather(EhrDataRequest request) {
        long start = System.nanoTime();
        String fhirServer = allowedFhirServer(request);
        Map<String, PrefetchEntry> prefetched = prefetchReader.readEntries(request.prefetch());
        Map<String, KeyOutcome> outcomes = new LinkedHashMap<>();
        List<Resource> resources = new ArrayList<>();
        prefetched.values().forEach(entry -> {
            resources.addAll(entry.resources());
            outcomes.put(entry.key(), entry.outcome());
        });
        Map<PrefetchTemplate, String> toRead = readsNeeded(request, prefetched, outcomes);
        if (!toRead.isEmpty()) {
            readMissing(request, fhirServer, toRead, start + timeBudgetNanos, resources, outcomes);
        }
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        PatientData data = new PatientData(
                request.patientId(),
                List.copyOf(DistinctResources.firstCopies(resources, "the prefetch and EHR reads")),
                Collections.unmodifiableMap(outcomes),
                elapsedMillis);
        if (log.isDebugEnabled()) {
            log.debug(
                    "Patient data: prefetched {}, known absent {}, fetched {} from {}, failed {}, in {} ms",
                    data.keysFrom(Source.PREFETCHED),
                    data.keysFrom(Source.KNOWN_ABSENT),
                    data.keysFrom(Source.FETCHED),
                    fhirServer,
                    failures(outcomes),
                    elapsedMillis);
        }
        return data;
    }

    /** The request's {@code fhirServer}, normalised, once it is known to be one this service may call. */
    private String allowedFhirServer(EhrDataRequest request) {
        String fhirServer = request.fhirServer() == null ? null : normalized(request.fhirServer());
        if (fhirServer != null && !allowedServers.isEmpty() && !allowedServers.contains(fhirServer)) {
            throw new FhirServerNotAllowedException(request.fhirServer());
        }
        return fhirServer;
    }

    /**
     * The templates the prefetch leaves unanswered, each with its URL for this call; a template without a value for
     * one of its tokens, or answered under another key, is recorded as such and not read.
     */
    private Map<PrefetchTemplate, String> readsNeeded(
            EhrDataRequest request, Map<String, PrefetchEntry> prefetched, Map<String, KeyOutcome> outcomes) {
        PrefetchContent content = new PrefetchContent(fhirContext, prefetched.values(), request.patientId());
        Map<PrefetchTemplate, String> toRead = new LinkedHashMap<>();
        for (PrefetchTemplate template : request.templates()) {
            PrefetchEntry entry = prefetched.get(template.key());
            if (entry != null && entry.status() != PrefetchEntry.Status.NOT_PROVIDED) {
                continue;
            }
            Optional<String> url = template.resolve(request.tokens());
            Optional<String> answeredBy = url.flatMap(u -> content.keyAnswering(template, u));
            if (url.isEmpty()) {
                outcomes.put(
                        template.key(),
                        new KeyOutcome(
                                Source.NOT_APPLICABLE,
                                0,
                                "this call has no value for a token of " + template.template()));
            } else if (answeredBy.isPresent()) {
                outcomes.put(
                        template.key(),
                        new KeyOutcome(Source.PREFETCHED, 0, "answered by prefetch key " + answeredBy.get()));
            } else {
                toRead.put(template, url.get());
            }
        }
        return toRead;
    }

    /** Reads what prefetch left out from the EHR's FHIR server, when the request says which and with what token. */
    private void readMissing(
            EhrDataRequest request,
            String fhirServer,
            Map<PrefetchTemplate, String> toRead,
            long deadline,
            List<Resource> resources,
            Map<String, KeyOutcome> outcomes) {
        String accessToken = request.accessToken();
        if (fhirServer == null || accessToken == null || accessToken.isBlank()) {
            String why = fhirServer == null ? "the request names no fhirServer" : "the request carries no access token";
            toRead.keySet().forEach(t -> outcomes.put(t.key(), new KeyOutcome(Source.FAILED, 0, why)));
            return;
        }
        readFromEhr(
                new EhrFhirReader(fhirContext, fhirServer, accessToken),
                fhirServer,
                toRead,
                deadline,
                resources,
                outcomes);
        toRead.keySet()
                .forEach(t ->
                        metrics.fallbackFetch(t.key(), outcomes.get(t.key()).source() == Source.FETCHED));
    }

    /**
     * The call takes as many permits of its server's bulkhead as it has reads, or as the server has free, without
     * waiting; its reads share them ({@link ReadLanes}), so a call's reads never refuse each other, and only a server
     * already at its bound with other calls' reads gets none of this call's. When the call stops waiting, at the
     * deadline or before, every read still in progress is abandoned, connection and all, so none outlives the call,
     * and every permit comes back.
     */
    private void readFromEhr(
            EhrFhirReader reader,
            String fhirServer,
            Map<PrefetchTemplate, String> toRead,
            long deadline,
            List<Resource> resources,
            Map<String, KeyOutcome> outcomes) {
        Map<PrefetchTemplate, FutureTask<List<Resource>>> reads = new LinkedHashMap<>();
        toRead.forEach((template, url) -> reads.put(template, new FutureTask<>(() -> reader.read(template, url))));
        int permits = bulkhead.tryAcquire(fhirServer, reads.size());
        if (permits == 0) {
            reads.keySet()
                    .forEach(template -> outcomes.put(
                            template.key(),
                            new KeyOutcome(
                                    Source.FAILED,
                                    0,
                                    "the FHIR server already has as many reads in progress as allowed")));
            return;
        }
        ReadLanes lanes = new ReadLanes(bulkhead, fhirServer, List.copyOf(reads.values()), permits);
        try {
            if (lanes.start(fetchExecutor) == 0) {
                reads.keySet()
                        .forEach(template -> outcomes.put(
                                template.key(), new KeyOutcome(Source.FAILED, 0, "too many EHR reads in progress")));
                return;
            }
            reads.forEach((template, read) -> outcomes.put(template.key(), awaitRead(read, deadline, resources)));
        } finally {
            reader.abandon();
            reads.values().forEach(read -> read.cancel(true));
            lanes.close();
        }
    }

    private static KeyOutcome awaitRead(Future<List<Resource>> read, long deadline, List<Resource> resources) {
        try {
            List<Resource> found = read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            resources.addAll(found);
            return new KeyOutcome(Source.FETCHED, found.size(), null);
        } catch (TimeoutException e) {
            return new KeyOutcome(Source.FAILED, 0, "no answer within the time budget");
        } catch (ExecutionException e) {
            return new KeyOutcome(Source.FAILED, 0, describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KeyOutcome(Source.FAILED, 0, "interrupted");
        }
    }

    /** Why a read failed, for the log: the status or the kind of failure, never headers (the token is one). */
    private static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnusableEhrAnswerException unusable) {
                return unusable.getMessage();
            }
            if (cause instanceof DataFormatException) {
                return "the FHIR server's answer is not valid FHIR";
            }
        }
        if (failure instanceof BaseServerResponseException response
                && !(failure instanceof FhirClientConnectionException)) {
            return "the FHIR server answered HTTP " + response.getStatusCode();
        }
        if (failure instanceof FhirClientConnectionException) {
            return "the FHIR server could not be reached or did not answer in time";
        }
        return failure.getClass().getSimpleName();
    }

    private static String failures(Map<String, KeyOutcome> outcomes) {
        return outcomes.entrySet().stream()
                .filter(e -> e.getValue().source() == Source.FAILED)
                .map(e -> e.getKey() + " (" + e.getValue().detail() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String normalized(String baseUrl) {
        String trimmed = baseUrl.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
