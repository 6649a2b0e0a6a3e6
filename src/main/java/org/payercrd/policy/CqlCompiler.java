package org.payercrd.policy;

import ca.uhn.fhir.repository.IRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.cqframework.cql.cql2elm.CqlCompilerException;
import org.cqframework.cql.cql2elm.LibraryManager;
import org.cqframework.cql.cql2elm.ModelManager;
import org.cqframework.cql.cql2elm.model.CompiledLibrary;
import org.cqframework.cql.cql2elm.quick.FhirLibrarySourceProvider;
import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.VersionedIdentifier;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.cql.cql2elm.content.RepositoryFhirLibrarySourceProvider;
import org.opencds.cqf.fhir.cql.cql2elm.util.LibraryVersionSelector;
import org.opencds.cqf.fhir.utility.adapter.IAdapterFactory;

/**
 * Translates a policy's CQL to ELM at start-up and puts the result in the evaluation settings' library cache,
 * which the engine reads on every evaluation: the CQL is translated once, and a translation error stops
 * start-up with the line it is on.
 */
class CqlCompiler {

    private final LibraryManager libraryManager;

    CqlCompiler(IRepository repository, EvaluationSettings settings) {
        IAdapterFactory adapters = IAdapterFactory.forFhirContext(repository.fhirContext());
        this.libraryManager = new LibraryManager(
                new ModelManager(), settings.getCqlOptions().getCqlCompilerOptions(), settings.getLibraryCache());
        libraryManager
                .getLibrarySourceLoader()
                .registerProvider(new RepositoryFhirLibrarySourceProvider(
                        repository, adapters, new LibraryVersionSelector(adapters)));
        libraryManager.getLibrarySourceLoader().registerProvider(new FhirLibrarySourceProvider());
    }

    /** The manager holding the compiled libraries, which evaluations read. */
    LibraryManager libraryManager() {
        return libraryManager;
    }

    /**
     * Compiles the library (and its includes) and returns the names of the expressions it defines.
     *
     * @param source where the CQL was read from (the folder and the {@code .cql} file), so that an analyst's editor
     *               can go to the line an error names
     */
    Set<String> compile(String policy, String name, String version, String source) {
        VersionedIdentifier id = new VersionedIdentifier().withId(name).withVersion(version);
        List<CqlCompilerException> problems = new ArrayList<>();
        CompiledLibrary compiled;
        try {
            compiled = libraryManager.resolveLibrary(id, problems);
        } catch (RuntimeException e) {
            throw new PolicyDefinitionException(
                    "Policy " + policy + ": CQL library " + name + " version " + version + " cannot be compiled: "
                            + e.getMessage(),
                    e);
        }
        List<CqlCompilerException> errors = problems.stream()
                .filter(p -> p.getSeverity() == CqlCompilerException.ErrorSeverity.Error)
                .toList();
        if (!errors.isEmpty()) {
            throw new PolicyDefinitionException("Policy " + policy + ": CQL library " + name + " has errors: "
                    + errors.stream().map(e -> describe(source, e)).collect(Collectors.joining("; ")));
        }
        return compiled.getLibrary().getStatements() == null
                ? Set.of()
                : compiled.getLibrary().getStatements().getDef().stream()
                        .map(ExpressionDef::getName)
                        .collect(Collectors.toUnmodifiableSet());
    }

    private static String describe(String source, CqlCompilerException error) {
        if (error.getLocator() == null) {
            return source + " " + error.getMessage();
        }
        return source + " line " + error.getLocator().getStartLine() + ":"
                + error.getLocator().getStartChar() + " " + error.getMessage();
    }
}
