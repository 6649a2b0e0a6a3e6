package org.payercrd.hooks;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * A card's urgency. CDS Hooks 2.0 allows exactly {@code info}, {@code warning} and {@code critical}, "in order of
 * increasing urgency", which is the order declared here: {@link #compareTo} ranks a critical card above the others.
 */
public enum Indicator {
    INFO("info"),
    WARNING("warning"),
    CRITICAL("critical");

    private final String code;

    Indicator(String code) {
        this.code = code;
    }

    /** The spec's lower-case value, as the wire carries it and the audit stores it. */
    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static Indicator fromCode(String code) {
        return Arrays.stream(values())
                .filter(indicator -> indicator.code.equals(code))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("a card indicator is info, warning or critical, not " + code));
    }
}
