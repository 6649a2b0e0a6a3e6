package org.payercrd.policy;

import ca.uhn.fhir.repository.IRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.hl7.fhir.r4.model.Bundle;
import org.opencds.cqf.cql.engine.debug.DebugMap;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.opencds.cqf.cql.engine.retrieve.RetrieveProvider;
import org.opencds.cqf.cql.engine.terminology.TerminologyProvider;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cql.engine.retrieve.FederatedDataProvider;
import org.opencds.cqf.fhir.cql.engine.retrieve.RepositoryRetrieveProvider;
import org.opencds.cqf.fhir.cql.engine.terminology.RepositoryTerminologyProvider;
import org.opencds.cqf.fhir.utility.Constants;
import org.opencds.cqf.fhir.utility.model.FhirModelResolverCache;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;

/**
 * A CQL engine for one evaluation, wired as cqf-fhir's {@code Engines.forRepository} wires it (the policy
 * repository, then the patient's data, for retrieves and terminology) but on the library manager that compiled the
 * policies at start-up. {@code Engines} builds a new model and library manager per call, and a model manager scans
 * the class path for model-info providers: about a third of a whole order-sign call. Sharing the manager is safe
 * because every library an evaluation needs was compiled and cached before the first request, so the request path
 * only reads the cache.
 */
final class CqlEngineFactory {

    private final IRepository repository;
    private final EvaluationSettings settings;
    private final LibraryManager libraryManager;
    private final ModelResolver modelResolver;

    CqlEngineFactory(IRepository repository, EvaluationSettings settings, LibraryManager libraryManager) {
        this.repository = repository;
        this.settings = settings;
        this.libraryManager = libraryManager;
        this.modelResolver = FhirModelResolverCache.resolverForVersion(
                repository.fhirContext().getVersion().getVersion());
    }

    CqlEngine forPatientData(Bundle patientData) {
        TerminologyProvider terminology = new RepositoryTerminologyProvider(
                repository, settings.getValueSetCache(), settings.getTerminologySettings());
        List<RetrieveProvider> retrieves = new ArrayList<>(2);
        retrieves.add(new RepositoryRetrieveProvider(repository, terminology, settings.getRetrieveSettings()));
        if (patientData != null && patientData.hasEntry()) {
            retrieves.add(new RepositoryRetrieveProvider(
                    new InMemoryFhirRepository(repository.fhirContext(), patientData),
                    terminology,
                    settings.getRetrieveSettings()));
        }
        Environment environment = new Environment(
                libraryManager,
                Map.of(Constants.FHIR_MODEL_URI, new FederatedDataProvider(modelResolver, retrieves)),
                terminology);
        CqlEngine engine = new CqlEngine(
                environment, settings.getCqlOptions().getCqlEngineOptions().getOptions());
        if (settings.getCqlOptions().getCqlEngineOptions().isDebugLoggingEnabled()) {
            DebugMap debug = new DebugMap();
            debug.setLoggingEnabled(true);
            engine.getState().setDebugMap(debug);
        }
        return engine;
    }
}
