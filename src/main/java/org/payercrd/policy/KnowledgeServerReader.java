package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.apache.ApacheRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.gclient.IQuery;
import ca.uhn.fhir.rest.gclient.TokenClientParam;
import ca.uhn.fhir.rest.gclient.UriClientParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.DataRequirement;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.payercrd.CrdProperties;

/**
 * Reads the policies one FHIR knowledge server holds ({@code crd.policies.servers[n]}) with HAPI's generic client:
 * each PlanDefinition (by canonical, or found by the configured search), the Library it names, and, following the
 * Libraries, the ValueSets and Libraries they depend on (related artifacts of type {@code depends-on}, the ValueSets
 * of their data requirements, the CQL's {@code valueset} declarations: all required; other related artifacts and
 * the CQL's {@code include}s: read when the server has them, since FHIRHelpers comes with the CQL translator). Each
 * PlanDefinition becomes one {@link PolicyFolder}, which {@link PolicyLoader#load} then loads exactly like a folder
 * read from disk: the server is a second source of the same resource set, not a second loading path.
 *
 * The client is this server's own (its own timeouts, no redirects, so the bearer token goes to this server only),
 * not the EHR reads' client that {@code FhirConfiguration} sets on the application's FhirContext.
 */
public final class KnowledgeServerReader {

    /** What one read of the server found: its policies, and each resource's id with its versions. */
    public record Content(List<PolicyFolder> folders, Map<String, String> versions) {}

    /** Bounds one search's pages: a misconfigured search must not read a whole repository page by page. */
    private static final int MAX_PAGES = 20;

    private static final Pattern HAPI_REQUEST = Pattern.compile("performing (\\w+) to URL (\\S+)");
    private static final Pattern CQL_INCLUDE =
            Pattern.compile("^\\s*include\\s+\"?([A-Za-z0-9_.]+)\"?(?:\\s+version\\s+'([^']+)')?", Pattern.MULTILINE);
    private static final Pattern CQL_VALUESET = Pattern.compile(
            "^\\s*(?:public\\s+|private\\s+)?valueset\\s+\"[^\"]+\"\\s*:\\s*'([^']+)'(?:\\s+version\\s+'([^']+)')?",
            Pattern.MULTILINE);

    private final CrdProperties.KnowledgeServer server;
    private final String name;
    private final IGenericClient client;

    /** @param index the server's place in {@code crd.policies.servers}, which messages name */
    public KnowledgeServerReader(FhirContext fhirContext, CrdProperties.KnowledgeServer server, int index) {
        this.server = server;
        this.name = "crd.policies.servers[" + index + "] " + server.base();
        int connect = Math.toIntExact(server.connectTimeout().toMillis());
        int read = Math.toIntExact(server.readTimeout().toMillis());
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(4);
        pool.setDefaultMaxPerRoute(4);
        CloseableHttpClient httpClient = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(read)
                        .setConnectionRequestTimeout(read)
                        .build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .build();
        ApacheRestfulClientFactory factory = new ApacheRestfulClientFactory(fhirContext);
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setHttpClient(httpClient);
        this.client = factory.newGenericClient(server.base());
        if (server.bearerToken() != null && !server.bearerToken().isBlank()) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(server.bearerToken()));
        }
    }

    /** The server as messages name it: its configuration key and base URL. */
    public String name() {
        return name;
    }

    /**
     * Reads every policy the server holds for this configuration.
     *
     * @throws PolicyDefinitionException naming the server: unreachable, an error answer, or a resource missing
     */
    public Content read() {
        try {
            Map<String, String> versions = new TreeMap<>();
            List<PolicyFolder> folders = new ArrayList<>();
            for (PlanDefinition plan : planDefinitions()) {
                folders.add(policyOf(plan, versions));
            }
            if (folders.isEmpty()) {
                throw new PolicyDefinitionException("Knowledge server " + name + " holds no PlanDefinition for "
                        + (server.planDefinitions().isEmpty() ? server.search() : server.planDefinitions()));
            }
            folders.sort(Comparator.comparing(PolicyFolder::name));
            return new Content(List.copyOf(folders), Map.copyOf(versions));
        } catch (PolicyDefinitionException e) {
            throw e;
        } catch (FhirClientConnectionException e) {
            // Refused, timed out, unknown host, or an answer that is not FHIR (HAPI reports both alike).
            throw new PolicyDefinitionException(
                    "Knowledge server " + name + " is unreachable: " + connectionProblem(e), e);
        } catch (BaseServerResponseException e) {
            throw new PolicyDefinitionException(
                    "Knowledge server " + name + " answered HTTP " + e.getStatusCode() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new PolicyDefinitionException(
                    "Knowledge server " + name + " could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * What went wrong and on which request: HAPI words every connection failure as "Failed to parse response from
     * server", which would send an operator looking at the wrong thing.
     */
    private static String connectionProblem(FhirClientConnectionException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        Matcher request = HAPI_REQUEST.matcher(String.valueOf(e.getMessage()));
        String what =
                root == e ? String.valueOf(e.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
        return request.find() ? what + " (" + request.group(1) + " " + request.group(2) + ")" : what;
    }

    private List<PlanDefinition> planDefinitions() {
        if (server.planDefinitions().isEmpty()) {
            return all(
                    client.search().byUrl(server.base() + "/" + server.search()).returnBundle(Bundle.class),
                    PlanDefinition.class);
        }
        List<PlanDefinition> plans = new ArrayList<>();
        for (String canonical : server.planDefinitions()) {
            plans.add(byCanonical(PlanDefinition.class, canonical, "crd.policies.servers plan-definitions")
                    .orElseThrow(() -> missing("PlanDefinition", canonical, "the configuration")));
        }
        return plans;
    }

    private PolicyFolder policyOf(PlanDefinition plan, Map<String, String> versions) {
        String policy = "PlanDefinition " + plan.getUrl() + "|" + plan.getVersion();
        Map<String, Resource> resources = new LinkedHashMap<>();
        resources.put(key(plan), plan);
        Deque<Library> toFollow = new ArrayDeque<>();
        for (CanonicalType library : plan.getLibrary()) {
            Library found = byCanonical(Library.class, library.getValue(), policy)
                    .orElseThrow(() -> missing("Library", library.getValue(), policy));
            if (resources.putIfAbsent(key(found), found) == null) {
                toFollow.add(found);
            }
        }
        while (!toFollow.isEmpty()) {
            Library library = toFollow.poll();
            String from = "Library " + library.getUrl() + "|" + library.getVersion();
            for (Dependency dependency : dependencies(library)) {
                Optional<? extends MetadataResource> found =
                        byCanonical(dependency.type(), dependency.canonical(), from);
                if (found.isEmpty()) {
                    if (dependency.required()) {
                        throw missing(dependency.type().getSimpleName(), dependency.canonical(), from);
                    }
                    continue;
                }
                if (resources.putIfAbsent(key(found.get()), found.get()) == null
                        && found.get() instanceof Library next) {
                    toFollow.add(next);
                }
            }
        }
        for (Resource r : resources.values()) {
            versions.put(
                    server.base() + "/" + r.fhirType() + "/" + r.getIdPart(),
                    r.getMeta().getVersionId() + " " + ((MetadataResource) r).getVersion());
            // Loaded as a folder's resources are: by their own id, not the server's address of one version.
            r.setIdElement(r.getIdElement().toUnqualifiedVersionless());
        }
        return new PolicyFolder(server.base() + "/PlanDefinition/", plan.getIdPart(), List.copyOf(resources.values()));
    }

    private record Dependency(Class<? extends MetadataResource> type, String canonical, boolean required) {}

    private static List<Dependency> dependencies(Library library) {
        List<Dependency> dependencies = new ArrayList<>();
        for (RelatedArtifact artifact : library.getRelatedArtifact()) {
            if (!artifact.hasResource()) {
                continue;
            }
            boolean required = artifact.getType() == RelatedArtifact.RelatedArtifactType.DEPENDSON;
            String canonical = artifact.getResource();
            if (canonical.contains("/ValueSet/")) {
                dependencies.add(new Dependency(ValueSet.class, canonical, required));
            } else if (canonical.contains("/Library/")) {
                dependencies.add(new Dependency(Library.class, canonical, required));
            }
        }
        for (DataRequirement requirement : library.getDataRequirement()) {
            requirement.getCodeFilter().stream()
                    .filter(DataRequirement.DataRequirementCodeFilterComponent::hasValueSet)
                    .forEach(f -> dependencies.add(new Dependency(ValueSet.class, f.getValueSet(), true)));
        }
        String cql = cqlOf(library);
        Matcher valueSets = CQL_VALUESET.matcher(cql);
        while (valueSets.find()) {
            dependencies.add(new Dependency(ValueSet.class, withVersion(valueSets.group(1), valueSets.group(2)), true));
        }
        int libraryPath = library.getUrl() == null ? -1 : library.getUrl().lastIndexOf("/Library/");
        Matcher includes = CQL_INCLUDE.matcher(cql);
        while (includes.find() && libraryPath >= 0) {
            String canonical = library.getUrl().substring(0, libraryPath) + "/Library/" + includes.group(1);
            dependencies.add(new Dependency(Library.class, withVersion(canonical, includes.group(2)), false));
        }
        return dependencies;
    }

    private static String cqlOf(Library library) {
        StringBuilder cql = new StringBuilder();
        for (Attachment content : library.getContent()) {
            if ("text/cql".equals(content.getContentType()) && content.hasData()) {
                cql.append(new String(content.getData(), StandardCharsets.UTF_8))
                        .append('\n');
            }
        }
        return cql.toString();
    }

    private static String withVersion(String canonical, String version) {
        return version == null || canonical.contains("|") ? canonical : canonical + "|" + version;
    }

    /**
     * The resource with this canonical URL ({@code |version} when given). Without a version and several on the
     * server, the active one; still several, a problem: which one the service serves must not be the server's pick.
     */
    private <T extends MetadataResource> Optional<T> byCanonical(Class<T> type, String canonical, String from) {
        int bar = canonical.indexOf('|');
        String url = bar < 0 ? canonical : canonical.substring(0, bar);
        IQuery<Bundle> query = client.search()
                .forResource(type)
                .where(new UriClientParam("url").matches().value(url))
                .returnBundle(Bundle.class);
        if (bar >= 0) {
            query = query.and(new TokenClientParam("version").exactly().code(canonical.substring(bar + 1)));
        }
        List<T> found =
                all(query, type).stream().filter(r -> url.equals(r.getUrl())).toList();
        if (found.size() > 1) {
            found = found.stream()
                    .filter(r -> r.getStatus() == PublicationStatus.ACTIVE)
                    .toList();
        }
        if (found.size() > 1) {
            throw new PolicyDefinitionException("Knowledge server " + name + " holds " + found.size() + " active "
                    + type.getSimpleName() + "s " + url + " (" + from + " names it without |version): "
                    + found.stream().map(MetadataResource::getVersion).toList());
        }
        return found.stream().findFirst();
    }

    private <T extends Resource> List<T> all(IQuery<Bundle> query, Class<T> type) {
        List<T> found = new ArrayList<>();
        Bundle page = query.execute();
        for (int pages = 1; ; pages++) {
            page.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(type::isInstance)
                    .map(type::cast)
                    .forEach(found::add);
            if (page.getLink(Bundle.LINK_NEXT) == null || pages >= MAX_PAGES) {
                return found;
            }
            page = client.loadPage().next(page).execute();
        }
    }

    private PolicyDefinitionException missing(String type, String canonical, String from) {
        return new PolicyDefinitionException(
                "Knowledge server " + name + " holds no " + type + " " + canonical + " (named by " + from + ")");
    }

    private static String key(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdPart();
    }
}
