package org.payercrd;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the service, bound from {@code crd.*} and validated at start-up so that a bad value
 * stops the service before it answers its first EHR.
 */
@Validated
@ConfigurationProperties("crd")
public record CrdProperties(
        @Valid @DefaultValue Policies policies,
        @Valid @DefaultValue Request request,
        @Valid @NotEmpty List<HookService> services,
        @Valid @DefaultValue Fhir fhir,
        @Valid @DefaultValue Payer payer,
        @Valid @DefaultValue Cards cards,
        @Valid @DefaultValue Auth auth,
        @Valid @DefaultValue Cors cors,
        @Valid @DefaultValue Console console,
        @Valid @DefaultValue Audit audit) {

    /** Whether the console is served: {@code crd.console.enabled} when set, else only while auth is off. */
    public boolean consoleEnabled() {
        return console.enabledWhen(auth);
    }

    /**
     * Where the policies live. Each location holds one folder per policy; a folder is a policy when it
     * holds a PlanDefinition. Locations are Spring resource URLs ({@code classpath:}, {@code file:}).
     *
     * @param reload         watch the {@code file:} locations and serve a valid edit without a restart: a changed
     *                       folder is loaded off the request path exactly as at start-up, its test cases run, and the
     *                       new catalog swapped in only if all of that passes (README "Editing a policy"). Off by
     *                       default: a production instance serves what it was deployed with.
     * @param reloadInterval how often the {@code file:} locations (and the knowledge servers) are looked at; an edit
     *                       is loaded once two looks in a row see the same files, so that a half-saved edit is not
     *                       loaded
     * @param servers        FHIR knowledge servers the policies are also read from (README "Policies from a FHIR
     *                       knowledge server"); their resources are loaded exactly like a folder's. Locations may be
     *                       empty when a server holds every policy.
     */
    public record Policies(
            @DefaultValue("classpath:fhir-resources/") List<String> locations,
            @DefaultValue("true") boolean validate,
            @DefaultValue("false") boolean reload,
            @DefaultValue("2s") Duration reloadInterval,
            @Valid @DefaultValue List<KnowledgeServer> servers) {

        @AssertTrue(message = "crd.policies: name at least one of locations or servers; a CRD service needs policies")
        public boolean isAnySourceNamed() {
            return (locations != null && !locations.isEmpty()) || (servers != null && !servers.isEmpty());
        }

        @AssertTrue(message = "crd.policies.reload-interval must be between 50ms and 1h")
        public boolean isReloadIntervalBounded() {
            return reloadInterval != null
                    && reloadInterval.compareTo(Duration.ofMillis(50)) >= 0
                    && reloadInterval.compareTo(Duration.ofHours(1)) <= 0;
        }
    }

    /**
     * A FHIR server (a CRMI knowledge repository) holding policies: each PlanDefinition named (or found by the
     * search), the Library it names, and the Libraries and ValueSets those depend on are read with HAPI's generic
     * client and loaded exactly like a policy folder.
     *
     * @param url             the server's FHIR base URL
     * @param bearerToken     sent as {@code Authorization: Bearer}, if the server requires one
     * @param planDefinitions canonical URLs of the PlanDefinitions to load, {@code |version} allowed
     * @param search          instead: a PlanDefinition search relative to the base, e.g. {@code PlanDefinition?status=active}
     * @param connectTimeout  connection timeout of this server's client (its own: not the EHR reads' budget)
     * @param readTimeout     socket timeout of one read from this server
     */
    public record KnowledgeServer(
            @NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL")
            String url,

            String bearerToken,
            @DefaultValue List<String> planDefinitions,
            String search,
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("30s") Duration readTimeout) {

        @AssertTrue(
                message = "name either plan-definitions (canonical URLs) or a search such as "
                        + "PlanDefinition?status=active, not both")
        public boolean isEitherPlanDefinitionsOrSearch() {
            boolean listed = planDefinitions != null && !planDefinitions.isEmpty();
            boolean searched = search != null && !search.isBlank();
            return listed != searched;
        }

        @AssertTrue(message = "search must be a PlanDefinition search, e.g. PlanDefinition?status=active")
        public boolean isSearchOfPlanDefinitions() {
            return search == null
                    || search.isBlank()
                    || search.startsWith("PlanDefinition?")
                    || search.equals("PlanDefinition");
        }

        /** The base URL without a trailing slash. */
        public String base() {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }

        @Override
        public String toString() {
            // Never the token: this is what logs and messages print.
            return base();
        }
    }

    /**
     * The audit write on each call's path (see README "Audit"). One writer thread writes every pending call record in
     * one transaction and makes it durable once; each call waits for its own record.
     *
     * @param writeTimeout  how long a call waits, in all, for its record to be durable: for room in the queue and for
     *                      the write itself; the audit statements' statement and lock timeouts are this long too.
     *                      A call whose record is not durable by then fails, and its record is not written later.
     * @param queueCapacity call records waiting for the writer at most; when full, callers wait (within the timeout)
     * @param maxBatch      call records written in one transaction at most
     * @param retention     how long a call's record (its cards, assertions and their feedback) is kept; older records
     *                      are deleted by {@code AuditPurge}. Unset (the default): kept for ever. The payer's own
     *                      record-keeping duty sets it, so it is long in production (years, not days)
     * @param retentionCheck how often the purge looks for records past {@code retention}
     */
    public record Audit(
            @DefaultValue("1500ms") Duration writeTimeout,
            @DefaultValue("1024") @Positive int queueCapacity,
            @DefaultValue("128") @Positive int maxBatch,
            Duration retention,
            @DefaultValue("1h") Duration retentionCheck) {

        @AssertTrue(message = "crd.audit.write-timeout must be between 100ms and 1h")
        public boolean isWriteTimeoutBounded() {
            return writeTimeout != null
                    && writeTimeout.compareTo(Duration.ofMillis(100)) >= 0
                    && writeTimeout.compareTo(Duration.ofHours(1)) <= 0;
        }

        /** A zero or negative retention would purge what was just answered: refused rather than read as "off". */
        @AssertTrue(message = "crd.audit.retention must be at least 1m when set (unset: records are kept for ever)")
        public boolean isRetentionPositive() {
            return retention == null || retention.compareTo(Duration.ofMinutes(1)) >= 0;
        }

        @AssertTrue(message = "crd.audit.retention-check must be between 1s and 1d")
        public boolean isRetentionCheckBounded() {
            return retentionCheck != null
                    && retentionCheck.compareTo(Duration.ofSeconds(1)) >= 0
                    && retentionCheck.compareTo(Duration.ofDays(1)) <= 0;
        }
    }

    /**
     * Limits on what an EHR may send. Besides the body's size, the lengths of the lists whose cost grows faster than
     * their bytes (the policy's code matching, one review and one answer per order): each is well above what a real
     * request holds, and a request past one is refused with a 400 naming the list, before HAPI or CQL sees it.
     *
     * @param maxBodySize              larger bodies get 413
     * @param maxCodingsPerConcept     codings in one CodeableConcept (a code and its translations: a handful in
     *                                 practice)
     * @param maxOrders                orders in one call: entries of {@code context.draftOrders} or
     *                                 {@code context.appointments} (an order-sign holds what a clinician signs at once)
     * @param maxResourcesPerPrefetch  entries of one prefetch value's Bundle (a patient's conditions or devices)
     */
    public record Request(
            @DefaultValue("4MB") DataSize maxBodySize,
            @DefaultValue("100") @Positive int maxCodingsPerConcept,
            @DefaultValue("50") @Positive int maxOrders,
            @DefaultValue("500") @Positive int maxResourcesPerPrefetch) {}

    /**
     * How EHR calls are authenticated (CDS Hooks 2.0 "Trusting CDS Clients"): each call carries a JWT signed by
     * an EHR whose issuer is listed here, verified against that issuer's JWK Set.
     *
     * @param required           refuse calls without a valid token; off only for a local run
     * @param publicBaseUrl      the service's public base URL: a token's {@code aud} must be this plus the path called
     *                           ({@code /cds-services/<id>}); when unset, the URL the request was made to
     * @param discoveryRequired  whether discovery ({@code GET /cds-services}) needs a token too
     * @param clockSkew          tolerance on {@code exp} and {@code iat} for clocks that disagree
     * @param maxTokenLifetime   the longest {@code exp - iat} accepted from an issuer that sets none of its own
     * @param replayStore        where used {@code jti}s are remembered: {@code memory} (this instance only) or
     *                           {@code database} (the {@code used_token_id} table, shared by every instance on the
     *                           database). Unset: {@code database} on PostgreSQL, {@code memory} otherwise (H2 is a
     *                           single node). A cluster MUST set {@code database}.
     */
    public record Auth(
            @DefaultValue("false") boolean required,

            @Pattern(
                    regexp = "https?://[^\\s?#]+",
                    message = "must be an absolute http(s) URL without query or fragment")
            String publicBaseUrl,

            @DefaultValue("false") boolean discoveryRequired,
            @Valid @DefaultValue List<TrustedIssuer> trustedIssuers,
            @DefaultValue("30s") Duration clockSkew,
            @DefaultValue("5m") Duration maxTokenLifetime,
            ReplayStoreKind replayStore) {

        @AssertTrue(message = "crd.auth.required=true needs at least one crd.auth.trusted-issuers entry")
        public boolean isIssuerListedWhenRequired() {
            return !required || !trustedIssuers.isEmpty();
        }
    }

    /** Where the used {@code jti}s live: see {@link Auth#replayStore()}. */
    public enum ReplayStoreKind {
        MEMORY,
        DATABASE
    }

    /**
     * An EHR allowed to call: tokens whose {@code iss} equals {@code issuer} are verified with its keys, signed with one
     * of {@code algorithms} (asymmetric JWS algorithms only). The keys come from exactly one of: {@code jwksUrl} (a
     * JWK Set fetched over HTTP(S)), {@code jwks} (a JWK Set given inline, as JSON) or {@code jwksFile} (the path of a
     * file holding a JWK Set); pinned keys ({@code jwks}, {@code jwksFile}) are never fetched, whatever the token's
     * {@code jku} says.
     *
     * @param maxTokenLifetime     the longest {@code exp - iat} accepted from this issuer; unset, {@code crd.auth.max-token-lifetime}
     * @param acceptBareJwkArray   accept a bare JSON array of JWKs from {@code jwksUrl} as well as a JWK Set (the
     *                             crd-request-generator's {@code /public_keys} answers one); off by default
     */
    public record TrustedIssuer(
            @NotBlank String issuer,

            @Pattern(regexp = "https?://\\S+", message = "must be an absolute http(s) URL")
            String jwksUrl,

            String jwks,
            String jwksFile,
            @DefaultValue({"ES384", "RS384"}) @NotEmpty List<String> algorithms,
            Duration maxTokenLifetime,
            @DefaultValue("false") boolean acceptBareJwkArray) {}

    /**
     * The console at {@code /} ({@code /console/}): static pages that act as a demo EHR.
     *
     * @param enabled serve it; unset means on while {@code crd.auth.required=false} and off when it is true, because
     *                a deployment answering real EHRs has no use for a demo page (its calls would need a token
     *                the page cannot get). Set to true to serve the pages anyway; their calls stay protected.
     */
    public record Console(Boolean enabled) {

        public boolean enabledWhen(Auth auth) {
            return enabled != null ? enabled : !auth.required();
        }
    }

    /** Which browser origins may call the service (browser-based EHRs, SMART apps); no credentials are shared. */
    public record Cors(@DefaultValue("*") @NotEmpty List<String> allowedOrigins) {}

    /**
     * One CDS Service as listed in discovery. Prefetch templates use the standard CDS Hooks 2.0 tokens only.
     *
     * @param crdVersions the CRD versions the service speaks, two nodes each ("2.0", "2.2"), listed in discovery
     *                    as {@code davinci-crd.version}; a request without {@code davinci-crd.requestedVersion}
     *                    gets the first
     */
    public record HookService(
            @NotBlank String id,
            @NotBlank String hook,
            @NotBlank String title,
            @NotBlank String description,
            @DefaultValue Map<String, String> prefetch,
            String usageRequirements,
            @DefaultValue({"2.0", "2.2"}) @NotEmpty List<String> crdVersions) {}

    /**
     * Reads from the EHR's FHIR server when prefetch lacks something. All fetches of one hook call share one
     * {@code time-budget}; what is not back by then is reported as not checked, and the call still answers.
     *
     * @param connectTimeout     TCP connect timeout; well under the budget, so an unreachable server fails fast
     * @param maxParallelFetches threads reading from EHR FHIR servers, across all hook calls at once
     * @param maxConcurrentReadsPerServer reads in progress from one FHIR server (scheme, host, port) across all hook
     *                           calls; one call's reads share the permits it got, and a call that finds none free
     *                           reports that data as not checked at once, so one slow server cannot take every thread
     * @param maxResponseBytes   the most read of one answer, after decompression; a larger answer is refused and
     *                           its data reported as not checked
     * @param allowedServers     FHIR base URLs the service may read from; empty means any. A request naming
     *                           another {@code fhirServer} is refused with 400.
     */
    public record Fhir(
            @DefaultValue("2s") Duration timeBudget,
            @DefaultValue("500ms") Duration connectTimeout,
            @DefaultValue("8") @Positive int maxParallelFetches,
            @DefaultValue("4") @Positive int maxConcurrentReadsPerServer,
            @DefaultValue("4MB") DataSize maxResponseBytes,
            @DefaultValue List<String> allowedServers) {

        @AssertTrue(message = "crd.fhir.max-response-bytes must be between 1KB and 1GB")
        public boolean isMaxResponseBytesSensible() {
            return maxResponseBytes != null
                    && maxResponseBytes.toBytes() >= 1024
                    && maxResponseBytes.toBytes() <= DataSize.ofGigabytes(1).toBytes();
        }

        @AssertTrue(message = "crd.fhir.connect-timeout must be positive and shorter than crd.fhir.time-budget")
        public boolean isConnectTimeoutWithinBudget() {
            return timeBudget != null
                    && connectTimeout != null
                    && !connectTimeout.isNegative()
                    && !connectTimeout.isZero()
                    && connectTimeout.compareTo(timeBudget) < 0;
        }
    }

    /**
     * The payer this service speaks for. A Coverage is this payer's when one of its payors carries one of the
     * {@code identifiers} or its display names the payer ({@code name} or an alias, case-insensitive).
     *
     * @param identifiers {@code system|value}; an empty system matches the value in any system
     * @param strict      answer 400 (CRD hook-13) for a coverage of another payer or a payor that names no one,
     *                    instead of skipping the order (other payer) or assuming this payer (no name)
     */
    public record Payer(
            @NotBlank String name,
            @DefaultValue List<@NotBlank String> aliases,
            @DefaultValue List<@Pattern(regexp = "[^|]*\\|[^|]+", message = "must be system|value") String> identifiers,
            @DefaultValue("false") boolean strict) {}

    /**
     * Engine wording added to cards, not policy wording.
     *
     * @param missingDataNote appended to each card's detail when some patient data could not be read;
     *                        {@code {data}} becomes the list of what was missing
     * @param dataLabels      how {@code {data}} names each prefetch key; an unlabelled key is named as is
     * @param unrecordedAssertionNote appended to an order's first coverage-information card when the call could
     *                        not be recorded and its coverage assertion was therefore withheld (README "Audit")
     */
    public record Cards(
            @DefaultValue(
                    "**Not checked:** this advice was given without {data}, which could not be read from the EHR.")
            @Pattern(regexp = "(?s).*\\{data}.*", message = "must contain {data}")
            String missingDataNote,

            @DefaultValue Map<String, String> dataLabels,

            @DefaultValue(UNRECORDED_ASSERTION_NOTE) @NotBlank
            String unrecordedAssertionNote) {

        public static final String UNRECORDED_ASSERTION_NOTE = "**Coverage not recorded:** the payer's coverage "
                + "assertion for this order could not be recorded: re-check coverage before scheduling.";
    }
}
