package org.payercrd.hooks;

import java.util.List;
import java.util.Map;

/**
 * A CDS Hooks 2.0 card.
 *
 * @param summary   "one-sentence, &lt;140-character summary message for display to the user"
 * @param indicator how urgent the card is
 * @param detail    optional GitHub-flavoured markdown
 * @param selectionBehavior required when suggestions are present ({@code at-most-one} or {@code any})
 * @param overrideReasons codings the clinician may pick when dismissing the card
 * @param extension CDS Hooks extension members, e.g. {@code davinci-crd.associated-resource}
 */
public record Card(
        String uuid,
        String summary,
        String detail,
        Indicator indicator,
        Source source,
        List<Suggestion> suggestions,
        String selectionBehavior,
        List<CdsCoding> overrideReasons,
        List<Link> links,
        Map<String, Object> extension) {

    /** This card with another detail, everything else unchanged. */
    public Card withDetail(String newDetail) {
        return new Card(
                uuid,
                summary,
                newDetail,
                indicator,
                source,
                suggestions,
                selectionBehavior,
                overrideReasons,
                links,
                extension);
    }

    /** This card with a paragraph added at the end of its detail (the paragraph alone when it had none). */
    public Card withParagraph(String paragraph) {
        return withDetail(detail == null || detail.isBlank() ? paragraph : detail + "\n\n" + paragraph);
    }
}
