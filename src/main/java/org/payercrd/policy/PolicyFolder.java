package org.payercrd.policy;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Resource;

/**
 * The FHIR resources read from one folder under a policy location. A folder holding a PlanDefinition is a
 * policy; any other folder contributes shared terminology (CodeSystems, ValueSets) to every policy.
 */
public record PolicyFolder(String location, String name, List<Resource> resources) {

    public Optional<PlanDefinition> planDefinition() {
        List<PlanDefinition> plans = resources.stream()
                .filter(PlanDefinition.class::isInstance)
                .map(PlanDefinition.class::cast)
                .toList();
        if (plans.size() > 1) {
            throw new PolicyDefinitionException(
                    "Policy folder " + this + " holds " + plans.size() + " PlanDefinitions; a policy has exactly one");
        }
        return plans.stream().findFirst();
    }

    public List<Library> libraries() {
        return resources.stream()
                .filter(Library.class::isInstance)
                .map(Library.class::cast)
                .toList();
    }

    @Override
    public String toString() {
        return location + name;
    }
}
