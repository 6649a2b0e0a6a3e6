package org.payercrd.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.VersionUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Resource;
import org.payercrd.fhir.RelativeReference;

/**
 * The policy resources the build validated against FHIR R4 ({@link BuildTimeValidation}, run by {@code mvn
 * package}), by the SHA-256 of their JSON as HAPI writes it, with the HAPI version that validated them. Start-up
 * validates only what is not listed: a resource edited since the build, one read from disk that the jar does not
 * ship, or every resource when the jar was built by another HAPI version or without the list. Validating the same
 * bytes with the same validator again would give the same answer; skipping it keeps the validator's load of the
 * whole R4 specification (most of start-up time) off the start-up path.
 */
final class ValidatedResources {

    static final String LOCATION = "fhir-resources/validated-resources.txt";
    private static final String HAPI_LINE = "hapi-fhir ";

    private final Set<String> digests;

    private ValidatedResources(Set<String> digests) {
        this.digests = digests;
    }

    static ValidatedResources none() {
        return new ValidatedResources(Set.of());
    }

    /** The list shipped in the jar, if it was written by the HAPI version now running; otherwise none. */
    static ValidatedResources shipped() {
        try (InputStream in = ValidatedResources.class.getClassLoader().getResourceAsStream(LOCATION)) {
            return in == null ? none() : read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LOCATION, e);
        }
    }

    static ValidatedResources read(InputStream in) {
        try {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList();
            if (lines.isEmpty() || !lines.get(0).equals(HAPI_LINE + VersionUtil.getVersion())) {
                return none();
            }
            return new ValidatedResources(
                    lines.stream().skip(1).map(l -> l.split(" ", 2)[0]).collect(Collectors.toUnmodifiableSet()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + LOCATION, e);
        }
    }

    boolean contains(FhirContext fhirContext, Resource resource) {
        return !digests.isEmpty() && digests.contains(digest(fhirContext, resource));
    }

    static String digest(FhirContext fhirContext, Resource resource) {
        try {
            byte[] json =
                    fhirContext.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Writes the list for resources that have just been validated. */
    static void write(Path file, FhirContext fhirContext, List<PolicyFolder> folders) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Policy resources validated against FHIR R4 when this jar was built: SHA-256 of the resource's");
        lines.add("# JSON as HAPI writes it, then where it came from. Written by mvn package (BuildTimeValidation).");
        lines.add(HAPI_LINE + VersionUtil.getVersion());
        for (PolicyFolder folder : folders) {
            for (Resource resource : folder.resources()) {
                lines.add(digest(fhirContext, resource) + " " + folder.name() + "/" + RelativeReference.of(resource));
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
