package org.payercrd.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.payercrd.policy.PolicyDefinitionException;
import org.payercrd.policy.PolicyFolder;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Reads a policy folder's test cases: the {@code tests/*.json} files beside its resources. They are not policy
 * resources (the folder reader only reads the folder's own files), so they are never loaded, validated or shipped
 * as FHIR.
 */
public class PolicyCaseReader {

    public static final String TESTS = "tests";

    private final ResourcePatternResolver resolver;
    private final ObjectMapper objectMapper;

    public PolicyCaseReader(ResourcePatternResolver resolver, ObjectMapper objectMapper) {
        this.resolver = resolver;
        this.objectMapper = objectMapper;
    }

    /** The cases of one folder, by file name. */
    public List<NamedCase> read(PolicyFolder folder) {
        if (folder.location().startsWith("http://") || folder.location().startsWith("https://")) {
            // A policy read from a knowledge server: its cases live with its source folder, run by the check command.
            return List.of();
        }
        List<Resource> files;
        try {
            files = new ArrayList<>(Arrays.asList(resolver.getResources(folder + "/" + TESTS + "/*.json")));
        } catch (IOException e) {
            // A folder without tests/ is not an error: not every location can list an absent directory.
            return List.of();
        }
        files.sort(Comparator.comparing(Resource::getFilename));
        List<NamedCase> cases = new ArrayList<>();
        for (Resource file : files) {
            String name = folder.name() + "/" + TESTS + "/" + file.getFilename();
            try (InputStream in = file.getInputStream()) {
                PolicyCase read = objectMapper.readValue(in, PolicyCase.class);
                if (read.expect() == null || (read.request() == null) == (read.order() == null)) {
                    throw new PolicyDefinitionException("Test case " + name
                            + " needs expect, and either request or order (with resources), not both");
                }
                cases.add(new NamedCase(name, read));
            } catch (IOException e) {
                throw new PolicyDefinitionException(
                        "Test case " + name + " is not a valid test case: "
                                + e.getMessage().lines().findFirst().orElse(""),
                        e);
            }
        }
        return cases;
    }

    public record NamedCase(String name, PolicyCase policyCase) {}
}
