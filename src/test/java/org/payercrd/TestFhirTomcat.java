package org.payercrd;

import jakarta.servlet.Servlet;
import java.io.IOException;
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
}
