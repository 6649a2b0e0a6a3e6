package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A real FHIR server standing in for the EHR's: HAPI's {@link RestfulServer} on an embedded Tomcat in the test JVM,
 * holding Patient, Coverage, Condition and Device in memory. It accepts only {@code Authorization: Bearer <token>}
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

    private EhrFhirServer(String token) {
        this.token = token;
    }

    /** Starts a server on a free port that accepts this bearer token. */
    public static EhrFhirServer start(String token) {
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
                new InMemoryProvider<>(Device.class, Device::getPatient)));
        servlet.registerInterceptor(new BearerTokenGate());
        tomcat.setBaseDir(Files.createTempDirectory("ehr-fhir-server").toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "fhir", servlet);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        tomcat.start();
    }

    public String baseUrl() {
        return "http://localhost:" + tomcat.getConnector().getLocalPort() + "/fhir";
    }

    /** Stores resources read from test fixtures, e.g. {@code ehr-server/Coverage-cov-ehr-1.json}. */
    public EhrFhirServer holding(String... fixtures) {
        for (String fixture : fixtures) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(fixture)) {
                if (in == null) {
                    throw new IllegalArgumentException("No test fixture " + fixture);
                }
                Resource resource = (Resource) fhirContext.newJsonParser()
                        .parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                store.put(resource.fhirType() + "/" + resource.getIdPart(), resource);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    /** Every answer from now on comes this late. */
    public void answerAfter(Duration delay) {
        this.delay = delay;
    }

    public List<SeenRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets requests seen and any delay; keeps the data. */
    public void reset() {
        requests.clear();
        delay = Duration.ZERO;
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }

    @Interceptor
    public class BearerTokenGate {

        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
        public void check(RequestDetails request) throws InterruptedException {
            boolean authorized = ("Bearer " + token).equals(request.getHeader("Authorization"));
            requests.add(new SeenRequest(request.getRequestType().name(), request.getRequestPath(),
                    request.getCompleteUrl().contains("?")
                            ? request.getCompleteUrl().substring(request.getCompleteUrl().indexOf('?') + 1) : null,
                    authorized));
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (!authorized) {
                throw new AuthenticationException("Bearer token required");
            }
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
                            || patient.getIdPart().equals(patientOf.apply(r).getReferenceElement().getIdPart()))
                    .toList();
        }
    }
}
