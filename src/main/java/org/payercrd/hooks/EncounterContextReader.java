package org.payercrd.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** encounter-start and encounter-discharge: {@code userId}, {@code patientId} and {@code encounterId}. */
@Component
class EncounterContextReader implements HookContextReader {

    @Override
    public Set<String> hooks() {
        return Set.of("encounter-start", "encounter-discharge");
    }

    @Override
    public HookContext read(String hook, JsonNode context, List<String> problems) {
        int before = problems.size();
        String userId = ContextFields.requiredText(context, "userId", problems);
        String patientId = ContextFields.requiredId(context, "patientId", problems);
        String encounterId = ContextFields.requiredText(context, "encounterId", problems);
        return problems.size() > before ? null : new EncounterContext(userId, patientId, encounterId);
    }
}
