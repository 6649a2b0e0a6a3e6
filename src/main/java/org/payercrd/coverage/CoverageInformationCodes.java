package org.payercrd.coverage;

import java.util.Map;
import java.util.Set;
import org.payercrd.CrdVersion;

/**
 * The codes each CRD version allows in the code-valued sub-extensions of ext-coverage-information (their bindings
 * are required). CRD 2.2 added {@code indeterminate}, doc-needed {@code patient}, new info-needed and doc-purpose
 * codes, and dropped doc-needed {@code no-doc} and {@code both}; a client sees only the codes of the version it
 * speaks.
 */
final class CoverageInformationCodes {

    private static final Map<String, Set<String>> CRD_2_0 = Map.of(
            "covered", Set.of("covered", "not-covered", "conditional"),
            "pa-needed", Set.of("no-auth", "auth-needed", "satisfied", "performpa", "conditional"),
            "doc-needed", Set.of("no-doc", "clinical", "admin", "both", "conditional"),
            "doc-purpose", Set.of("withpa", "withclaim", "withorder", "retain-doc"),
            "info-needed", Set.of("performer", "location", "timeframe"));

    private static final Map<String, Set<String>> CRD_2_2 = Map.of(
            "covered", Set.of("covered", "not-covered", "conditional", "indeterminate"),
            "pa-needed", Set.of("no-auth", "auth-needed", "satisfied", "performpa", "conditional", "indeterminate"),
            "doc-needed", Set.of("clinical", "admin", "patient", "conditional", "indeterminate"),
            "doc-purpose", Set.of("withpa", "withclaim", "withorder", "retain-doc", "OTH"),
            "info-needed", Set.of("performer", "location", "timeframe", "contract-window", "detail-code", "OTH"));

    private CoverageInformationCodes() {}

    static boolean isCodeValued(String subExtension) {
        return CRD_2_2.containsKey(subExtension);
    }

    static boolean allowed(CrdVersion version, String subExtension, String code) {
        Map<String, Set<String>> codes = version.atLeast(CrdVersion.V2_2) ? CRD_2_2 : CRD_2_0;
        return codes.getOrDefault(subExtension, Set.of()).contains(code);
    }
}
