package org.payercrd;

import java.util.Arrays;
import java.util.Optional;

/**
 * The CRD implementation guide versions this service speaks. CRD names a version by its first two nodes only
 * ("2.0", not "2.0.1": the patch never changes the wire), both in discovery ({@code davinci-crd.version}) and in
 * a request's {@code davinci-crd.requestedVersion}.
 */
public enum CrdVersion {

    /** STU 2.0 (2.0.1): what a client gets when it names no version, and what the Inferno v2.0.1 suite checks. */
    V2_0("2.0"),
    /** STU 2.2 (2.2.1): coverage-information {@code detail} with {@code category}, HL7 card-type codes. */
    V2_2("2.2");

    private final String label;

    CrdVersion(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean atLeast(CrdVersion other) {
        return compareTo(other) >= 0;
    }

    /** The version a label names, tolerating a patch node ("2.2.1" is 2.2). */
    public static Optional<CrdVersion> fromLabel(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] nodes = value.trim().split("\\.");
        if (nodes.length < 2) {
            return Optional.empty();
        }
        String twoNodes = nodes[0] + "." + nodes[1];
        return Arrays.stream(values()).filter(v -> v.label.equals(twoNodes)).findFirst();
    }

    @Override
    public String toString() {
        return label;
    }
}
