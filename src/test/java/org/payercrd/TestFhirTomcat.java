package org.payercrd;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;

/** An embedded Tomcat on a free port serving one HAPI FHIR servlet under {@code /fhir}: the tests' FHIR servers. */
public final class TestFhirTomcat {

    private TestFhirTomcat() {}

    /**
     * Starts {@code tomcat} with {@code servlet} initialised at start, as a real FHIR server has long been when the
     * service reads from it (the first request a HAPI server answers costs it seconds).
     */
    public static void serve(Tomcat tomcat, Servlet servlet, String name) throws LifecycleException, IOException {
        tomcat.setBaseDir(Files.createTempDirectory(name).toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        StandardContext context = (StandardContext) tomcat.addContext("", null);
        // Leak detection on stop needs JVM --add-opens and only warns about it; these test servers leak nothing.
        context.setClearReferencesObjectStreamClassCaches(false);
        context.setClearReferencesThreadLocals(false);
        context.setClearReferencesRmiTargets(false);
        Tomcat.addServlet(context, "fhir", servlet).setLoadOnStartup(1);
        context.addServletMappingDecoded("/fhir/*", "fhir");
        tomcat.start();
    }

    /** The {@code /fhir} base URL of a started Tomcat. */
    public static String baseUrl(Tomcat tomcat) {
        return "http://localhost:" + tomcat.getConnector().getLocalPort() + "/fhir";
    }

    /**
     * Asks the server once, answer discarded (headers as name, value pairs): a HAPI server's first answer costs it
     * seconds, paid here rather than in the budget of the service's first read.
     */
    public static void warmUp(String url, String... headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+json");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
