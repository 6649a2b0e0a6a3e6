package org.payercrd.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import org.payercrd.Problems;

/**
 * Refuses JSON numbers no FHIR decimal needs, before HAPI sees them. A number such as {@code 1e999999999} costs
 * nothing as a token, but HAPI's {@code DecimalType} writes it out in full (quadratic in its digits: seconds for
 * {@code 1e300000}, memory exhaustion for {@code 1e999999999}), and the answer would echo it back.
 *
 * <p>The bound: at most {@value #MAX_SIGNIFICANT_DIGITS} significant digits and a decimal exponent (of the first
 * significant digit) within ±{@value #MAX_EXPONENT}. FHIR R4 defers decimal limits to XML Schema, whose processors
 * must support 18 digits, and says precise values are extremely rare in medicine (Location coordinates being the
 * precise case, at about 10 digits); 32 digits leaves room for any quantity an EHR computes, and 10^±100 covers
 * every physical unit from Planck lengths to the number of atoms in the universe. A number within these bounds
 * writes out in at most about 130 characters.
 */
public final class JsonNumberBounds {

    public static final int MAX_SIGNIFICANT_DIGITS = 32;
    public static final int MAX_EXPONENT = 100;

    private JsonNumberBounds() {}

    /** Adds one problem per out-of-bounds number under {@code node}, each naming its element by path. */
    public static void check(JsonNode node, String path, Problems problems) {
        if (node == null) {
            return;
        }
        if (node.isNumber()) {
            if (!withinBounds(node)) {
                problems.add(path + " is a number no FHIR decimal needs: at most " + MAX_SIGNIFICANT_DIGITS
                        + " significant digits and an exponent within ±" + MAX_EXPONENT);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                check(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean withinBounds(JsonNode number) {
        if (number.isIntegralNumber() && number.canConvertToLong()) {
            return true; // at most 19 digits, and Jackson and HAPI read it in constant time
        }
        BigDecimal value = number.isBigInteger() ? new BigDecimal(number.bigIntegerValue()) : number.decimalValue();
        if (value.signum() == 0) {
            return value.scale() <= MAX_EXPONENT && value.scale() >= -MAX_EXPONENT;
        }
        long exponent = (long) value.precision() - value.scale() - 1;
        return value.precision() <= MAX_SIGNIFICANT_DIGITS
                && Math.abs(exponent) <= MAX_EXPONENT
                && Math.abs((long) value.scale()) <= MAX_EXPONENT + MAX_SIGNIFICANT_DIGITS;
    }
}
