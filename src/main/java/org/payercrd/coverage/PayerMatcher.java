package org.payercrd.coverage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.payercrd.CrdProperties;
import org.springframework.stereotype.Component;

/**
 * Tells whether a Coverage is with the payer this service speaks for, from {@code Coverage.payor}: an identifier
 * equal to one of the payer's ({@code system|value}), or a display naming the payer or one of its aliases as whole
 * words, case-insensitively ("ACME HEALTH PLAN of Alaska" names "Acme Health Plan").
 */
@Component
public class PayerMatcher {

    public enum Payer {
        /** A payor is ours. */
        OURS,
        /** Payors are named or identified, and none is ours. */
        OTHER,
        /** No payor carries an identifier or a display: nothing to tell whose coverage it is. */
        UNIDENTIFIED
    }

    private final List<Pattern> names = new ArrayList<>();
    private final List<String[]> identifiers = new ArrayList<>();

    public PayerMatcher(CrdProperties properties) {
        List<String> allNames = new ArrayList<>();
        allNames.add(properties.payer().name());
        allNames.addAll(properties.payer().aliases());
        for (String name : allNames) {
            String words = Pattern.quote(name.trim().replaceAll("\\s+", " ")).replace(" ", "\\E\\s+\\Q");
            names.add(Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + words + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
        }
        for (String identifier : properties.payer().identifiers()) {
            int bar = identifier.indexOf('|');
            identifiers.add(new String[] {identifier.substring(0, bar), identifier.substring(bar + 1)});
        }
    }

    public Payer payerOf(Coverage coverage) {
        boolean identified = false;
        for (Reference payor : coverage.getPayor()) {
            if (payor.hasIdentifier() && payor.getIdentifier().hasValue()) {
                identified = true;
                if (isOurs(payor.getIdentifier())) {
                    return Payer.OURS;
                }
            }
            if (payor.hasDisplay() && !payor.getDisplay().isBlank()) {
                identified = true;
                if (names.stream()
                        .anyMatch(name -> name.matcher(payor.getDisplay()).find())) {
                    return Payer.OURS;
                }
            }
        }
        return identified ? Payer.OTHER : Payer.UNIDENTIFIED;
    }

    private boolean isOurs(Identifier identifier) {
        for (String[] ours : identifiers) {
            boolean systemMatches = ours[0].isEmpty() || ours[0].equals(identifier.getSystem());
            if (systemMatches && ours[1].equals(identifier.getValue())) {
                return true;
            }
        }
        return false;
    }
}
