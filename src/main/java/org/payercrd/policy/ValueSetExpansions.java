package org.payercrd.policy;

import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.r4.model.ValueSet.ConceptSetComponent;

/**
 * Expands, at start-up, each policy ValueSet whose compose lists its concepts. The CQL engine tests membership
 * against a ValueSet's expansion; without one it falls back to the compose with a warning on every evaluation.
 * Expanding here lets analysts maintain the compose alone. A compose that needs a terminology server (filters,
 * other value sets, excludes) cannot be expanded here and must come with its expansion.
 */
final class ValueSetExpansions {

    private ValueSetExpansions() {}

    /** Adds the expansion of an enumerated compose; leaves a ValueSet that already has an expansion alone. */
    static void expand(String where, ValueSet valueSet) {
        if (valueSet.hasExpansion()) {
            return;
        }
        if (!valueSet.hasCompose()) {
            throw new PolicyDefinitionException(
                    where + ": ValueSet " + valueSet.getUrl() + " has neither a compose nor an expansion");
        }
        if (valueSet.getCompose().hasExclude()
                || valueSet.getCompose().getInclude().stream()
                        .anyMatch(include -> include.hasFilter() || include.hasValueSet() || !include.hasConcept())) {
            throw new PolicyDefinitionException(where + ": ValueSet " + valueSet.getUrl()
                    + " needs a terminology server to expand (filter, whole code system, value set import or"
                    + " exclude); list its concepts, or give it an expansion");
        }
        ValueSet.ValueSetExpansionComponent expansion =
                valueSet.getExpansion().setTimestamp(valueSet.hasDate() ? valueSet.getDate() : new Date());
        List<ConceptSetComponent> includes = valueSet.getCompose().getInclude();
        for (ConceptSetComponent include : includes) {
            include.getConcept()
                    .forEach(concept -> expansion
                            .addContains()
                            .setSystem(include.getSystem())
                            .setVersion(include.getVersion())
                            .setCode(concept.getCode())
                            .setDisplay(concept.getDisplay()));
        }
        expansion.setTotal(expansion.getContains().size());
    }
}
