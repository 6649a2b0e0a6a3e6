package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.ParameterDefinition;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceType;
import org.hl7.fhir.r4.model.ValueSet;
import org.opencds.cqf.fhir.cql.EvaluationSettings;
import org.opencds.cqf.fhir.utility.repository.InMemoryFhirRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One immutable snapshot of every policy the service serves: loaded, validated, compiled and warmed up, at start-up
 * or by a reload off the request path. Anything wrong with a policy throws {@link PolicyDefinitionException} from
 * the constructor, which stops the application (or refuses the reload). Whatever is derived from the policies for
 * the request path belongs here, so that it is swapped together with them ({@link PolicyCatalog}).
 */
public final class LoadedPolicies {

    private static final Logger log = LoggerFactory.getLogger(LoadedPolicies.class);
    private static final String WARM_UP_PATIENT = "Patient/warm-up";

    private final FhirContext fhirContext;
    private final List<Policy> policies;
    private final PolicyEvaluator evaluator;
    private final OrderCodeIndex codeIndex;
    private final List<PolicyFolder> folders;
    private final long loadMillis;

    public LoadedPolicies(List<PolicyFolder> folders, FhirContext fhirContext, PolicyResourceValidator validator) {
        this(folders, fhirContext, validator, ValidatedResources.none());
    }

    /**
     * @param validator        null to skip FHIR validation ({@code crd.policies.validate=false})
     * @param validatedAtBuild resources the build validated: not validated again
     */
    LoadedPolicies(
            List<PolicyFolder> folders,
            FhirContext fhirContext,
            PolicyResourceValidator validator,
            ValidatedResources validatedAtBuild) {
        this.folders = List.copyOf(folders);
        long started = System.nanoTime();
        long compiledMillis;
        this.fhirContext = fhirContext;
        PolicyValidation validation = validator == null
                ? PolicyValidation.skipped()
                : PolicyValidation.start(folders, validator, fhirContext, validatedAtBuild);
        try {
            InMemoryFhirRepository repository = new InMemoryFhirRepository(fhirContext);
            List<ValueSet> valueSets = new ArrayList<>();
            for (PolicyFolder folder : folders) {
                for (Resource resource : folder.resources()) {
                    if (resource instanceof ValueSet valueSet) {
                        ValueSetExpansions.expand("Policy folder " + folder, valueSet);
                        valueSets.add(valueSet);
                    }
                    repository.update(resource);
                }
            }
            EvaluationSettings settings = EvaluationSettings.getDefault();
            CqlCompiler compiler = new CqlCompiler(repository, settings);
            PlanDefinitionReader planReader = new PlanDefinitionReader();
            List<Policy> loaded = new ArrayList<>();
            for (PolicyFolder folder : folders) {
                folder.planDefinition()
                        .ifPresent(plan -> loaded.add(assemble(folder, plan, folders, compiler, planReader)));
            }
            if (loaded.isEmpty()) {
                throw new PolicyDefinitionException(
                        "No policy found: no folder under the policy locations holds a PlanDefinition");
            }
            this.policies = List.copyOf(loaded);
            this.codeIndex = OrderCodeIndex.build(policies, valueSets, fhirContext);
            this.evaluator = new PolicyEvaluator(
                    repository, settings, new CqlEngineFactory(repository, settings, compiler.libraryManager()));
            policies.forEach(this::warmUp);
            compiledMillis = (System.nanoTime() - started) / 1_000_000;
        } catch (RuntimeException compileFailure) {
            // Invalid FHIR explains a compile failure better than the compiler does: report it first.
            try {
                validation.await();
            } catch (RuntimeException invalid) {
                invalid.addSuppressed(compileFailure);
                throw invalid;
            }
            throw compileFailure;
        }
        validation.await();
        this.loadMillis = (System.nanoTime() - started) / 1_000_000;
        log.info(
                "Loaded {} policies in {} ms (CQL compiled and warmed up in {} ms; FHIR validation alongside, {} ms): {}",
                policies.size(),
                loadMillis,
                compiledMillis,
                validation.millis(),
                policies.stream()
                        .map(p -> p.id() + " (" + p.url() + "|" + p.version() + ")")
                        .toList());
    }

    public List<Policy> policies() {
        return policies;
    }

    public PolicyEvaluator evaluator() {
        return evaluator;
    }

    /**
     * The policies to evaluate for one order, in catalog order, chosen by its codes from the index built with these
     * policies (so a reload rebuilds it with them): empty for an order no policy governs.
     */
    public List<Policy> policiesFor(Resource order) {
        return codeIndex.policiesFor(order);
    }

    /** The index of governed codes built with these policies. */
    public OrderCodeIndex codeIndex() {
        return codeIndex;
    }

    /** How long loading, validating, compiling and warming up every policy took. */
    public long loadMillis() {
        return loadMillis;
    }

    /** The folders these policies were loaded from, for their test cases. */
    public List<PolicyFolder> folders() {
        return folders;
    }

    /**
     * The ValueSets a policy's Library names in its related artifacts ({@code depends-on}: the codes it reacts to;
     * {@code documentation}: codes kept as history), in the Library's order, as loaded (with their expansion).
     */
    public List<ValueSet> valueSetsOf(Policy policy) {
        Map<String, ValueSet> byUrl = new LinkedHashMap<>();
        folders.stream()
                .flatMap(f -> f.resources().stream())
                .filter(ValueSet.class::isInstance)
                .map(ValueSet.class::cast)
                .forEach(v -> {
                    byUrl.putIfAbsent(v.getUrl(), v);
                    byUrl.putIfAbsent(v.getUrl() + "|" + v.getVersion(), v);
                });
        return policy.library().getRelatedArtifact().stream()
                .filter(RelatedArtifact::hasResource)
                .map(a -> byUrl.get(a.getResource()))
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    /** Each policy as {@code id url|version}, as logs and health name it. */
    public List<String> versions() {
        return policies.stream()
                .map(p -> p.id() + " " + p.url() + "|" + p.version())
                .toList();
    }

    private Policy assemble(
            PolicyFolder folder,
            PlanDefinition plan,
            List<PolicyFolder> folders,
            CqlCompiler compiler,
            PlanDefinitionReader planReader) {
        String policyId = folder.name();
        if (plan.getLibrary().size() != 1) {
            throw new PolicyDefinitionException(
                    "Policy " + policyId + ": the PlanDefinition must name exactly one Library");
        }
        String libraryUrl = plan.getLibrary().get(0).getValue();
        Library library = folders.stream()
                .flatMap(f -> f.libraries().stream())
                .filter(l -> libraryUrl.equals(l.getUrl()) || libraryUrl.equals(l.getUrl() + "|" + l.getVersion()))
                .findFirst()
                .orElseThrow(() -> new PolicyDefinitionException("Policy " + policyId
                        + ": the PlanDefinition's library " + libraryUrl + " is not among the loaded resources"));
        ResourceType orderType = orderType(policyId, library);
        List<PolicyAction> actions = planReader.read(policyId, plan);
        Set<String> defined =
                compiler.compile(policyId, library.getName(), library.getVersion(), cqlSource(folders, library));
        Set<String> expressions = new LinkedHashSet<>();
        actions.forEach(a -> expressions.addAll(a.expressions()));
        Set<String> missing =
                expressions.stream().filter(e -> !defined.contains(e)).collect(Collectors.toSet());
        if (!missing.isEmpty()) {
            throw new PolicyDefinitionException("Policy " + policyId + ": the PlanDefinition uses CQL expressions that "
                    + library.getName() + " does not define: " + missing);
        }
        Map<String, RelatedArtifact> citations = new LinkedHashMap<>();
        library.getRelatedArtifact().stream()
                .filter(RelatedArtifact::hasUrl)
                .forEach(a -> citations.putIfAbsent(a.getUrl(), a));
        return new Policy(policyId, library, plan, orderType, actions, Set.copyOf(expressions), Map.copyOf(citations));
    }

    /** The folder and {@code .cql} file a Library's CQL was read from, or the Library itself when it embeds it. */
    private static String cqlSource(List<PolicyFolder> folders, Library library) {
        String folder = folders.stream()
                .filter(f -> f.resources().contains(library))
                .findFirst()
                .map(PolicyFolder::toString)
                .orElse("");
        return library.getContent().stream()
                .filter(c -> "text/cql".equals(c.getContentType())
                        && c.hasUrl()
                        && !c.getUrl().contains(":"))
                .findFirst()
                .map(c -> folder + "/" + c.getUrl())
                .orElse(folder + "/" + "Library-" + library.getIdPart() + " (embedded CQL)");
    }

    private static ResourceType orderType(String policyId, Library library) {
        return library.getParameter().stream()
                .filter(p ->
                        Policy.ORDER_PARAMETER.equals(p.getName()) && p.getUse() == ParameterDefinition.ParameterUse.IN)
                .map(p -> {
                    try {
                        return ResourceType.fromCode(p.getType());
                    } catch (Exception e) {
                        throw new PolicyDefinitionException("Policy " + policyId + ": parameter Order has type "
                                + p.getType() + ", which is not a FHIR resource type");
                    }
                })
                .findFirst()
                .orElseThrow(() -> new PolicyDefinitionException("Policy " + policyId + ": Library " + library.getUrl()
                        + " must declare an input parameter named Order with the type of order it reviews"));
    }

    /** The first evaluation of a library builds engine state that takes seconds; pay that before traffic. */
    private void warmUp(Policy policy) {
        try {
            Resource order = (Resource)
                    fhirContext.getResourceDefinition(policy.orderType().name()).newInstance();
            evaluator.evaluate(policy, order, null, WARM_UP_PATIENT, new Bundle());
        } catch (RuntimeException e) {
            throw new PolicyDefinitionException(
                    "Policy " + policy.id() + ": evaluating its CQL failed: " + e.getMessage(), e);
        }
    }
}
