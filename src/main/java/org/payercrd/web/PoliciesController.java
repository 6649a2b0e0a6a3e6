package org.payercrd.web;

import java.util.List;
import org.payercrd.policy.PolicyCatalog;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The policies the service evaluates, read-only: what an analyst or an EHR integrator checks before asking why a
 * card said what it said (version, evidence, codes, which actions answer which hooks).
 */
@RestController
public class PoliciesController {

    static final String PATH = "/api/policies";

    private final PolicyCatalog catalog;

    public PoliciesController(PolicyCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public List<PolicyListing> policies() {
        return PolicyListing.of(catalog.current());
    }
}
