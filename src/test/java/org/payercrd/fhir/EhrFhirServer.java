package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.modeler.Registry;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.payercrd.TestFhirTomcat;

/**
 * A real FHIR server standing in for the EHR's: HAPI's {@link RestfulServer} on an embedded Tomcat in the test JVM,
 * holding Patient, Coverage, Condition, Device, Encounter and ServiceRequest in memory. It accepts only {@code Authorization: Bearer <token>}
 * with the token it was given, records every request, and can be told to answer late.
 */
public final class EhrFhirServer implements AutoCloseable {

    /** One request as the server saw it. */
    public record SeenRequest(String method, String path, String query, boolean authorized) {

        public String pathAndQuery() {
            return query == null ? path : path + "?" + query;
        }
    }

    private final FhirContext fhirContext = FhirContext.forR4Cached();
    private final Map<String, Resource> store = new ConcurrentHashMap<>();
    private final List<SeenRequest> requests = new CopyOnWriteArrayList<>();
    private final String token;
    private final Tomcat tomcat = new Tomcat();
    private volatile Duration delay = Duration.ZERO;
    private volatile String redirectTo;
    /** Counted down to let delayed answers go at once, so that none outlives its test or the server. */
    private volatile CountDownLatch release = new CountDownLatch(1);

    private EhrFhirServer(String token) {
        this.token = token;
    }

    /** Starts a server on a free port that accepts this bearer token. */
    public static EhrFhirServer start(String token) {
        // As Spring Boot does for its own Tomcat; done first, so that neither warns about the other's registry.
        Registry.disableRegistry();
        EhrFhirServer server = new EhrFhirServer(token);
        try {
            server.startTomcat();
        } catch (LifecycleException | IOException e) {
            throw new IllegalStateException("Cannot start the test FHIR server", e);
        }
        return server;
    }

    private void startTomcat() throws LifecycleException, IOException {
        RestfulServer servlet = new RestfulServer(fhirContext);
        servlet.setResourceProviders(List.of(
                new InMemoryProvider<>(Patient.class, p -> new Reference("Patient/" + p.getIdPart())),
                new InMemoryProvider<>(Coverage.class, Coverage::getBeneficiary),
                new InMemoryProvider<>(Condition.class, Condition::getSubject),
                new InMemoryProvider<>(Device.class, Device::getPatient),
                new InMemoryProvider<>(Encounter.class, Encounter::getSubject),
                new InMemoryProvider<>(ServiceRequest.class, ServiceRequest::getSubject)));
        servlet.registerInterceptor(new BearerTokenGate());
        TestFhirTomcat.serve(tomcat, servlet, "ehr-fhir-server");
        warmUp();
    }

    private void warmUp() throws IOException {
        TestFhirTomcat.warmUp(baseUrl() + "/Patient?patient=warm-up", "Authorization", "Bearer " + token);
        requests.clear();
    }

    public String baseUrl() {
        return TestFhirTomcat.baseUrl(tomcat);
    }

    /** Stores resources read from test fixtures, e.g. {@code ehr-server/Coverage-cov-ehr-1.json}. */
    public EhrFhirServer holding(String... fixtures) {
        for (String fixture : fixtures) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(fixture)) {
                if (in == null) {
                    throw new IllegalArgumentException("No test fixture " + fixture);
                }
                Resource resource = (Resource) fhirContext
                        .newJsonParser()
                        .parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                store.put(resource.fhirType() + "/" + resource.getIdPart(), resource);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** Stores resources, e.g. the entries of the docker-compose demo's seed Bundle. */
    public EhrFhirServer holding(List<? extends Resource> resources) {
        resources.forEach(resource -> store.put(resource.fhirType() + "/" + resource.getIdPart(), resource));
        return this;
    }

    /** Every answer from now on comes this late. */
    public void answerAfter(Duration delay) {
        this.delay = delay;
    }

    /** Every answer from now on is a 302 to the same path on this other base URL. */
    public void redirectTo(String otherBaseUrl) {
        this.redirectTo = otherBaseUrl;
    }

    public List<SeenRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets requests seen, any delay or redirect, and lets delayed answers go; keeps the data. */
    public void reset() {
        release.countDown();
        release = new CountDownLatch(1);
        requests.clear();
        delay = Duration.ZERO;
        redirectTo = null;
    }

    @Override
    public void close() {
        release.countDown();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks the bearer token before HAPI handles the request, records what was asked, and answers late when told.
     * A refusal is written here (401 + OperationOutcome) rather than thrown, which HAPI would log as an error.
     */
    @Interceptor
    public class BearerTokenGate {

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_PROCESSED)
        public boolean check(HttpServletRequest request, HttpServletResponse response)
                throws InterruptedException, IOException {
            boolean authorized = ("Bearer " + token).equals(request.getHeader("Authorization"));
            String path =
                    request.getPathInfo() == null ? "" : request.getPathInfo().replaceFirst("^/", "");
            requests.add(new SeenRequest(request.getMethod(), path, request.getQueryString(), authorized));
            release.await(delay.toMillis(), TimeUnit.MILLISECONDS);
            if (redirectTo != null) {
                String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
                response.sendRedirect(redirectTo + "/" + path + query);
                return false;
            }
            if (authorized) {
                return true;
            }
            OperationOutcome refusal = new OperationOutcome();
            refusal.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.LOGIN)
                    .setDiagnostics("Bearer token required");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("application/fhir+json");
            response.getWriter().write(fhirContext.newJsonParser().encodeResourceToString(refusal));
            return false;
        }
    }

    /** Read by id, and search by {@code patient} (other parameters ignored): all these tests need. */
    public class InMemoryProvider<T extends DomainResource> implements IResourceProvider {

        private final Class<T> type;
        private final Function<T, Reference> patientOf;

        InMemoryProvider(Class<T> type, Function<T, Reference> patientOf) {
            this.type = type;
            this.patientOf = patientOf;
        }

        @Override
        public Class<T> getResourceType() {
            return type;
        }

        @Read
        public T read(@IdParam IdType id) {
            Resource resource = store.get(type.getSimpleName() + "/" + id.getIdPart());
            if (resource == null) {
                throw new ResourceNotFoundException(id);
            }
            return type.cast(resource);
        }

        @Search(allowUnknownParams = true)
        public List<T> search(@OptionalParam(name = "patient") ReferenceParam patient) {
            return store.values().stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(r -> patient == null
                            || patient.getIdPart()
                                    .equals(patientOf
                                            .apply(r)
                                            .getReferenceElement()
                                            .getIdPart()))
                    .toList();
        }
    }
}
