package org.payercrd.fhir;

import java.util.regex.Pattern;

/**
 * The FHIR R4 {@code id} datatype: 1 to 64 letters, digits, '-' and '.'. One definition for the hook context's
 * ids (checked as the call is read) and the ids prefetch reads are filled in with (checked before a read is made).
 */
public final class FhirId {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private FhirId() {
    }

    public static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
