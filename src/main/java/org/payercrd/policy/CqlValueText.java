package org.payercrd.policy;

import java.util.Collection;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.opencds.cqf.cql.engine.runtime.Code;

/** How a CQL value reads inside card text: a code by its display, a list joined by commas, null as nothing. */
public final class CqlValueText {

    private CqlValueText() {}

    public static String of(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Code code) {
            return code.getDisplay() != null ? code.getDisplay() : code.getCode();
        }
        if (value instanceof Coding coding) {
            return coding.hasDisplay() ? coding.getDisplay() : coding.getCode();
        }
        if (value instanceof PrimitiveType<?> primitive) {
            return primitive.getValueAsString();
        }
        if (value instanceof Collection<?> values) {
            return values.stream()
                    .map(CqlValueText::of)
                    .filter(s -> !s.isEmpty())
                    .collect(Collectors.joining(", "));
        }
        return String.valueOf(value);
    }
}
