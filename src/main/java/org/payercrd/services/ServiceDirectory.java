package org.payercrd.services;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.payercrd.CrdProperties;
import org.payercrd.CrdProperties.HookService;
import org.payercrd.CrdVersion;
import org.payercrd.fhir.PrefetchTemplate;
import org.payercrd.hooks.CdsServiceDescriptor;
import org.payercrd.hooks.CdsServices;
import org.payercrd.hooks.HookRequestReader;
import org.payercrd.hooks.UnknownServiceException;
import org.payercrd.policy.LoadedPolicies;
import org.payercrd.policy.PolicyCatalog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The CDS Services this payer offers, one {@link CdsServiceDefinition} per configured service, built at start-up
 * and again, whole, with every accepted policy reload. Each service's CRD configuration options are one boolean per
 * kind of response its policies can return (the payer's response types and the CRD card types of its cards, e.g.
 * {@code coverage-info}), plus {@code max-cards}; the discovery document is built, and checked against CRD's rules for options, here too, so
 * that a bad service entry or policy stops the service at start-up (and a reload's bad policy is refused).
 */
@Component
public class ServiceDirectory {

    public static final String CONFIGURATION_OPTIONS = "davinci-crd.configuration-options";
    public static final String CRD_VERSION = "davinci-crd.version";

    private final CrdProperties properties;
    private final HookRequestReader requestReader;
    /** The catalog a served candidate's policies go to; the definitions carry their own for the request path. */
    private final PolicyCatalog catalog;

    private final AtomicReference<Services> services;

    /** One whole set of service definitions, built from the configuration and one snapshot of the policies. */
    private record Services(Map<String, CdsServiceDefinition> byId, CdsServices discovery, LoadedPolicies policies) {}

    /** One boolean configuration option and the response kinds it switches off. */
    private record Option(Coding coding, Set<String> switchesOff) {}

    @Autowired
    public ServiceDirectory(CrdProperties properties, PolicyCatalog catalog, HookRequestReader requestReader) {
        this(properties, catalog, catalog.current(), requestReader);
    }

    private ServiceDirectory(
            CrdProperties properties, PolicyCatalog catalog, LoadedPolicies policies, HookRequestReader requestReader) {
        this.properties = properties;
        this.requestReader = requestReader;
        this.catalog = catalog;
        this.services = new AtomicReference<>(build(properties, policies, requestReader));
    }

    /** This directory's definitions, read once per use. */
    private Services services() {
        return services.get();
    }

    /** The policies these definitions were built from. */
    public LoadedPolicies policies() {
        return services().policies();
    }

    /**
     * The services as they would be with a reload's candidate policies, checked as at start-up (so a policy whose
     * options clash is refused like any other broken policy), to run the candidate's test cases against and then to
     * {@link #serve} them with.
     *
     * @throws IllegalStateException when the candidate's options break CRD's rules
     */
    public ServiceDirectory withPolicies(LoadedPolicies candidate) {
        return new ServiceDirectory(properties, catalog, candidate, requestReader);
    }

    /**
     * Serves a reload's candidate from now on: first its definitions, each carrying the policies it was built from
     * ({@link CdsServiceDefinition#policies()}), so that a call pairs options and policies of one snapshot whenever
     * it looked its service up; then its policies in the catalog, for the health details and the listing.
     */
    public void serve(ServiceDirectory next) {
        Services served = next.services();
        services.set(served);
        catalog.replace(served.policies());
    }

    private static Services build(CrdProperties properties, LoadedPolicies policies, HookRequestReader requestReader) {
        Map<String, CdsServiceDefinition> services = new LinkedHashMap<>();
        Map<String, Map<String, Option>> optionsByHook = new LinkedHashMap<>();
        for (HookService service : properties.services()) {
            if (services.containsKey(service.id())) {
                throw new IllegalStateException("crd.services: service id '" + service.id() + "' is listed twice");
            }
            if (!requestReader.supportedHooks().contains(service.hook())) {
                throw new IllegalStateException(
                        "crd.services: service '" + service.id() + "' names hook '" + service.hook()
                                + "', which this service cannot read; supported: " + requestReader.supportedHooks());
            }
            Map<String, Option> options =
                    optionsByHook.computeIfAbsent(service.hook(), hook -> options(hook, policies));
            List<CrdVersion> versions = declaredVersions(service);
            services.put(
                    service.id(),
                    new CdsServiceDefinition(
                            service.id(),
                            service.hook(),
                            prefetchTemplates(service),
                            versions,
                            options.keySet(),
                            describe(service, options, versions),
                            policies));
        }
        return new Services(
                Collections.unmodifiableMap(services),
                new CdsServices(services.values().stream()
                        .map(CdsServiceDefinition::discovery)
                        .toList()),
                policies);
    }

    public CdsServices discovery() {
        return services().discovery();
    }

    /** @throws UnknownServiceException when this payer offers no service with this id */
    public CdsServiceDefinition find(String serviceId) {
        return lookup(serviceId).orElseThrow(() -> new UnknownServiceException(serviceId));
    }

    /** The service with this id, if this payer offers it. */
    public Optional<CdsServiceDefinition> lookup(String serviceId) {
        return Optional.ofNullable(services().byId().get(serviceId));
    }

    /** The first service, in configuration order, that answers this hook. */
    public Optional<CdsServiceDefinition> firstFor(String hook) {
        return services().byId().values().stream()
                .filter(service -> service.hook().equals(hook))
                .findFirst();
    }

    private static List<PrefetchTemplate> prefetchTemplates(HookService service) {
        List<PrefetchTemplate> templates = new ArrayList<>();
        service.prefetch().forEach((key, template) -> {
            try {
                templates.add(PrefetchTemplate.parse(key, template));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("crd.services '" + service.id() + "': " + e.getMessage(), e);
            }
        });
        return templates;
    }

    private static List<CrdVersion> declaredVersions(HookService service) {
        List<CrdVersion> versions = new ArrayList<>();
        for (String label : service.crdVersions()) {
            CrdVersion version = CrdVersion.fromLabel(label)
                    .orElseThrow(() ->
                            new IllegalStateException("crd.services: service '" + service.id() + "' lists CRD version '"
                                    + label + "'; this service speaks " + List.of(CrdVersion.values())));
            if (!versions.contains(version)) {
                versions.add(version);
            }
        }
        return List.copyOf(versions);
    }

    private static Map<String, Option> options(String hook, LoadedPolicies policies) {
        Map<String, Coding> codings = new LinkedHashMap<>();
        Map<String, Set<String>> switchesOff = new LinkedHashMap<>();
        policies.policies()
                .forEach(policy -> policy.actions().stream()
                        .filter(action -> action.appliesTo(hook))
                        .forEach(action -> {
                            // A CRD card type names its option (e.g. "Coverage Information"), before a payer response
                            // type
                            action.topics().forEach(topic -> codings.putIfAbsent(topic.getCode(), topic));
                            codings.putIfAbsent(action.responseType().getCode(), action.responseType());
                            for (String code : action.switches()) {
                                switchesOff
                                        .computeIfAbsent(code, c -> new LinkedHashSet<>())
                                        .add(action.responseType().getDisplay().toLowerCase());
                            }
                        }));
        Map<String, Option> options = new LinkedHashMap<>();
        codings.forEach((code, coding) -> options.put(code, new Option(coding, switchesOff.get(code))));
        requireUnique(hook, options);
        return options;
    }

    /** CRD dev-8: configuration codes, names and descriptions SHALL be unique within a service. */
    private static void requireUnique(String hook, Map<String, Option> options) {
        Set<String> names = new HashSet<>();
        Set<String> descriptions = new HashSet<>();
        for (Option option : options.values()) {
            if (!names.add(option.coding().getDisplay()) || !descriptions.add(description(option))) {
                throw new IllegalStateException("Configuration options for hook " + hook + " are not unique: two of "
                        + "them share the name or description of '"
                        + option.coding().getCode()
                        + "'. Give the PlanDefinition codings distinct displays.");
            }
        }
    }

    private static String description(Option option) {
        return "Set to false to leave out: " + String.join(", ", option.switchesOff()) + ".";
    }

    private static CdsServiceDescriptor describe(
            HookService service, Map<String, Option> hookOptions, List<CrdVersion> versions) {
        List<Map<String, Object>> options = new ArrayList<>();
        hookOptions
                .values()
                .forEach(option -> options.add(option(
                        option.coding().getCode(),
                        "boolean",
                        option.coding().getDisplay(),
                        description(option),
                        true)));
        options.add(option(
                ResponseOptions.MAX_CARDS,
                "integer",
                "Maximum cards",
                "The most cards to return; the most severe are kept.",
                ResponseOptions.DEFAULT_MAX_CARDS));
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put(CONFIGURATION_OPTIONS, options);
        extension.put(CRD_VERSION, versions.stream().map(CrdVersion::label).collect(Collectors.toList()));
        return new CdsServiceDescriptor(
                service.hook(),
                service.title(),
                service.description(),
                service.id(),
                service.prefetch(),
                service.usageRequirements(),
                extension);
    }

    private static Map<String, Object> option(
            String code, String type, String name, String description, Object defaultValue) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("code", code);
        option.put("type", type);
        option.put("name", name);
        option.put("description", description);
        option.put("default", defaultValue);
        return option;
    }
}
