package org.payercrd;

/**
 * The databases tests use: H2 files under {@code target/test-data} with the same options as the service's default
 * ({@code application.yml}), so tests never touch a developer's {@code ./data}.
 */
public final class TestDatabases {

    public static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE";

    /** The audit database of a test context: a new file per context, so a run never sees an older run's schema. */
    public static final String SERVICE_H2_URL = "jdbc:h2:file:./target/test-data/crd-audit-${random.uuid}" + H2_OPTIONS;

    private TestDatabases() {
    }

    public static String h2File(String path) {
        return "jdbc:h2:file:" + path + H2_OPTIONS;
    }
}
