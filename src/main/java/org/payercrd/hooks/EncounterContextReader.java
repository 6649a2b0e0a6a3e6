package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import org.payercrd.Problems;
import org.springframework.stereotype.Component;

/** encounter-start and encounter-discharge: {@code userId}, {@code patientId} and {@code encounterId}. */
@Component
class EncounterContextReader implements HookContextReader {

    @Override
    public Set<String> hooks() {
        return Set.of("encounter-start", "encounter-discharge");
    }

    @Override
    public HookContext read(String hook, JsonNode context, Problems problems) {
        Problems.Checkpoint before = problems.checkpoint();
        String userId = ContextFields.requiredReference(context, "userId", problems);
        String patientId = ContextFields.requiredId(context, "patientId", problems);
        String encounterId = ContextFields.requiredId(context, "encounterId", problems);
        return before.foundAny() ? null : new EncounterContext(userId, patientId, encounterId);
    }
}
