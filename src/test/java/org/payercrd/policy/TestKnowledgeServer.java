package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.modeler.Registry;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
import org.payercrd.TestFhirTomcat;

/**
 * A FHIR knowledge server in the test JVM: HAPI's plain {@link RestfulServer} on an embedded Tomcat, holding
 * PlanDefinitions, Libraries, ValueSets and CodeSystems in memory, read by id and searched by {@code url},
 * {@code version}, {@code status} and {@code name}, as a CRMI repository answers. It is filled from a policy folder
 * the way the docker-compose seed fills the demo's HAPI server: every JSON file, and the CQL file embedded in the
 * Library that names it. Each change bumps the resource's {@code meta.versionId}, as a real server does.
 */
public final class TestKnowledgeServer implements AutoCloseable {

    private final FhirContext fhirContext = FhirContext.forR4Cached();
    private final Map<String, MetadataResource> store = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Tomcat tomcat = new Tomcat();
    private volatile boolean stopped;

    private TestKnowledgeServer() {}

    public static TestKnowledgeServer start() {
        Registry.disableRegistry();
        TestKnowledgeServer server = new TestKnowledgeServer();
        try {
            server.startTomcat();
        } catch (LifecycleException | IOException e) {
            throw new IllegalStateException("Cannot start the test knowledge server", e);
        }
        return server;
    }

    private void startTomcat() throws LifecycleException, IOException {
        RestfulServer servlet = new RestfulServer(fhirContext);
        servlet.setResourceProviders(List.of(
                new Provider<>(PlanDefinition.class),
                new Provider<>(Library.class),
                new Provider<>(ValueSet.class),
                new Provider<>(CodeSystem.class)));
        TestFhirTomcat.serve(tomcat, servlet, "knowledge-server");
        warmUp();
    }

    /** The first request a HAPI server answers costs it seconds: paid here, not in the service's start-up. */
    private void warmUp() throws IOException {
        TestFhirTomcat.warmUp(baseUrl() + "/PlanDefinition?url=warm-up");
        requests.clear();
    }

    public String baseUrl() {
        return TestFhirTomcat.baseUrl(tomcat);
    }

    /** Stores every resource of a policy folder on disk (e.g. {@code fhir-resources/ire-nanoknife}), CQL embedded. */
    public TestKnowledgeServer holdingFolder(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                Resource resource = (Resource)
                        fhirContext.newJsonParser().parseResource(Files.readString(file, StandardCharsets.UTF_8));
                if (resource instanceof Library library) {
                    for (Attachment content : library.getContent()) {
                        if (content.hasUrl()
                                && !content.hasData()
                                && !content.getUrl().contains(":")) {
                            content.setData(Files.readAllBytes(folder.resolve(content.getUrl())));
                        }
                    }
                }
                if (resource instanceof MetadataResource metadata) {
                    put(metadata);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Publishes a new version of a resource: the change applied to a copy, its {@code meta.versionId} bumped. */
    public <T extends MetadataResource> void update(Class<T> type, String id, UnaryOperator<T> change) {
        MetadataResource stored = store.get(type.getSimpleName() + "/" + id);
        if (stored == null) {
            throw new IllegalArgumentException("No " + type.getSimpleName() + "/" + id);
        }
        put(change.apply(type.cast(stored.copy())));
    }

    /** The Library with this id, as stored (for reading its version and CQL). */
    public Library library(String id) {
        return (Library) store.get("Library/" + id);
    }

    private void put(MetadataResource resource) {
        String key = resource.fhirType() + "/" + resource.getIdPart();
        MetadataResource before = store.get(key);
        int version = before == null ? 1 : Integer.parseInt(before.getMeta().getVersionId()) + 1;
        resource.setId(key);
        resource.getMeta().setVersionId(String.valueOf(version));
        store.put(key, resource);
    }

    /** What was asked, as {@code GET path?query}. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Read by id; search by canonical url, version, status and name (other parameters ignored). */
    public class Provider<T extends MetadataResource> implements IResourceProvider {

        private final Class<T> type;

        Provider(Class<T> type) {
            this.type = type;
        }

        @Override
        public Class<T> getResourceType() {
            return type;
        }

        @Read
        public T read(@IdParam IdType id) {
            requests.add("GET " + type.getSimpleName() + "/" + id.getIdPart());
            MetadataResource resource = store.get(type.getSimpleName() + "/" + id.getIdPart());
            if (resource == null) {
                throw new ResourceNotFoundException(id);
            }
            return type.cast(resource);
        }

        @Search(allowUnknownParams = true)
        public List<T> search(
                @OptionalParam(name = "url") UriParam url,
                @OptionalParam(name = "version") TokenParam version,
                @OptionalParam(name = "status") TokenParam status,
                @OptionalParam(name = "name") StringParam name) {
            requests.add("GET " + type.getSimpleName() + "?url=" + (url == null ? "" : url.getValue())
                    + (version == null ? "" : "&version=" + version.getValue()));
            return store.values().stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(r -> url == null || url.getValue().equals(r.getUrl()))
                    .filter(r -> version == null || version.getValue().equals(r.getVersion()))
                    .filter(r -> status == null
                            || r.getStatus() != null
                                    && status.getValue().equals(r.getStatus().toCode()))
                    .filter(r -> name == null || name.getValue().equalsIgnoreCase(r.getName()))
                    .toList();
        }
    }
}
