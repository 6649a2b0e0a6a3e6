package org.payercrd.cards;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.payercrd.CrdProperties;
import org.payercrd.hooks.Card;
import org.springframework.stereotype.Component;

/**
 * Tells the clinician what the advice could not take into account, when some of the patient's data could not be
 * read: a configured sentence appended to each card's detail. It is the engine's wording, not a policy's, because
 * which data went missing is a fact of the call, not of the policy; the sentence and the name of each kind of data
 * come from {@code crd.cards}.
 */
@Component
public class MissingDataNote {

    private final String template;
    private final Map<String, String> labels;

    public MissingDataNote(CrdProperties properties) {
        this.template = properties.cards().missingDataNote();
        this.labels = Map.copyOf(properties.cards().dataLabels());
    }

    /** The note for these unavailable prefetch keys; empty when nothing is missing. */
    public Optional<String> forKeys(List<String> unavailableKeys) {
        if (unavailableKeys.isEmpty()) {
            return Optional.empty();
        }
        List<String> names = unavailableKeys.stream()
                .map(key -> labels.getOrDefault(key, key))
                .toList();
        return Optional.of(template.replace("{data}", joined(names)));
    }

    public Card appendTo(Card card, String note) {
        return card.withParagraph(note);
    }

    private static String joined(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
