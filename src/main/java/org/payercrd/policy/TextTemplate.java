package org.payercrd.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Card wording from a PlanDefinition action, in which {@code {{Expression Name}}} stands for the value of that
 * CQL expression for the order under review. The same brace syntax CDS Hooks uses for prefetch templates, so
 * that an analyst writing a card sees where the order's own facts go. Parsed once at start-up.
 */
public final class TextTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

    private final List<String> literals;
    private final List<String> expressions;

    private TextTemplate(List<String> literals, List<String> expressions) {
        this.literals = literals;
        this.expressions = expressions;
    }

    public static TextTemplate parse(String text) {
        List<String> literals = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        if (text == null) {
            return new TextTemplate(List.of(), List.of());
        }
        Matcher matcher = PLACEHOLDER.matcher(text);
        int last = 0;
        while (matcher.find()) {
            literals.add(text.substring(last, matcher.start()));
            expressions.add(matcher.group(1));
            last = matcher.end();
        }
        literals.add(text.substring(last));
        return new TextTemplate(List.copyOf(literals), List.copyOf(expressions));
    }

    public Set<String> expressions() {
        return new LinkedHashSet<>(expressions);
    }

    public String render(Map<String, ?> values) {
        if (literals.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(literals.get(0));
        for (int i = 0; i < expressions.size(); i++) {
            text.append(CqlValueText.of(values.get(expressions.get(i)))).append(literals.get(i + 1));
        }
        return text.toString();
    }
}
