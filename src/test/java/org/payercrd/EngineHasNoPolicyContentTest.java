package org.payercrd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java is a generic engine: policy codes, wording and citations live in {@code fhir-resources/}, where an
 * analyst can see and change them. A clinical literal in {@code src/main/java} means a policy leaked into code.
 */
class EngineHasNoPolicyContentTest {

    private static final List<String> CLINICAL_LITERALS = List.of(
            "0600T",
            "0601T",
            "32999",
            "47399",
            "48999",
            "53899",
            "Z95",
            "G40",
            "I48",
            "C25",
            "NICE",
            "IPG",
            "NCCN",
            "NanoKnife",
            "nanoknife",
            "Premera",
            "K102329",
            "clinicaltrials.gov",
            "electroporation");

    @Test
    void javaSourcesHoldNoPolicyCodesWordingOrCitations() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            sources.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                List<String> lines = read(file);
                for (int i = 0; i < lines.size(); i++) {
                    for (String literal : CLINICAL_LITERALS) {
                        if (lines.get(i).contains(literal)) {
                            found.add(file + ":" + (i + 1) + " contains \"" + literal + "\"");
                        }
                    }
                }
            });
        }
        assertThat(found).isEmpty();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
