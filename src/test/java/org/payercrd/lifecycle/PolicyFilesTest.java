package org.payercrd.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload watches: the file: locations' policy files, so that any save, new or removed file is a change. */
class PolicyFilesTest {

    @TempDir
    Path policies;

    @Test
    void classpathLocationsAreNotWatched() {
        assertThat(PolicyFiles.of(List.of("classpath:fhir-resources/")).isEmpty())
                .isTrue();
    }

    @Test
    void aSavedEditAnAddedCaseAndARemovedFileEachChangeTheFingerprint() throws IOException {
        Path folder = Files.createDirectories(policies.resolve("a-policy/tests"));
        Path library = Files.writeString(policies.resolve("a-policy/Library-A.json"), "{}");
        PolicyFiles files = PolicyFiles.of(List.of(policies.toUri().toString()));
        PolicyFiles.Fingerprint first = files.fingerprint();
        assertThat(files.fingerprint()).as("nothing changed").isEqualTo(first);

        Files.writeString(library, "{ }");
        PolicyFiles.Fingerprint edited = files.fingerprint();
        assertThat(edited).isNotEqualTo(first);

        Files.writeString(folder.resolve("case.json"), "{}");
        PolicyFiles.Fingerprint added = files.fingerprint();
        assertThat(added).isNotEqualTo(edited);

        Files.delete(folder.resolve("case.json"));
        assertThat(files.fingerprint()).isNotEqualTo(added);
    }

    @Test
    void aSameSizeRewriteIsSeenByItsModificationTime() throws IOException {
        Path cql =
                Files.writeString(Files.createDirectories(policies.resolve("p")).resolve("P.cql"), "define A: 1");
        Files.setLastModifiedTime(cql, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        PolicyFiles files = PolicyFiles.of(List.of("file:" + policies + "/"));
        PolicyFiles.Fingerprint before = files.fingerprint();

        Files.writeString(cql, "define A: 2");
        assertThat(files.fingerprint()).isNotEqualTo(before);
    }

    @Test
    void filesThePolicyReadersIgnoreAreNotWatched() throws IOException {
        Files.createDirectories(policies.resolve("p"));
        PolicyFiles files = PolicyFiles.of(List.of(policies.toUri().toString()));
        PolicyFiles.Fingerprint before = files.fingerprint();

        Files.writeString(policies.resolve("p/.PlanDefinition.json.swp"), "editor state");
        Files.writeString(policies.resolve("p/notes.txt"), "draft wording");
        assertThat(files.fingerprint()).isEqualTo(before);
    }
}
