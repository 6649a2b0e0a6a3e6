package org.payercrd.services;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.payercrd.CrdProperties;
import org.payercrd.CrdProperties.HookService;
import org.payercrd.CrdVersion;
import org.payercrd.hooks.CdsServiceDescriptor;
import org.payercrd.hooks.CdsServices;
import org.payercrd.hooks.HookRequestReader;
import org.payercrd.hooks.UnknownServiceException;
import org.payercrd.policy.PolicyAction;
import org.payercrd.policy.PolicyCatalog;
import org.springframework.stereotype.Component;

/**
 * The CDS Services this payer offers, one per configured hook, and their discovery entries. Each service's CRD
 * configuration options are one boolean per kind of response its policies can return (the payer's response types
 * and the CRD card types of its cards, e.g. {@code coverage-info}), plus {@code max-cards}; the discovery document
 * is built, and checked against CRD's rules for options, once at start-up.
 */
@Component
public class ServiceDirectory {

    public static final String CONFIGURATION_OPTIONS = "davinci-crd.configuration-options";
    public static final String CRD_VERSION = "davinci-crd.version";

    private final Map<String, HookService> servicesById = new LinkedHashMap<>();
    private final Map<String, List<CrdVersion>> versionsById = new LinkedHashMap<>();
    private final Map<String, Map<String, Option>> optionsByHook = new LinkedHashMap<>();
    private final CdsServices discovery;

    /** One boolean configuration option and the response kinds it switches off. */
    private record Option(Coding coding, Set<String> switchesOff) {
    }

    public ServiceDirectory(CrdProperties properties, PolicyCatalog catalog, HookRequestReader requestReader) {
        for (HookService service : properties.services()) {
            if (servicesById.putIfAbsent(service.id(), service) != null) {
                throw new IllegalStateException("crd.services: service id '" + service.id() + "' is listed twice");
            }
            if (!requestReader.supportedHooks().contains(service.hook())) {
                throw new IllegalStateException("crd.services: service '" + service.id() + "' names hook '"
                        + service.hook() + "', which this service cannot read; supported: " + requestReader.supportedHooks());
            }
            versionsById.put(service.id(), declaredVersions(service));
            optionsByHook.computeIfAbsent(service.hook(), hook -> options(hook, catalog));
        }
        List<CdsServiceDescriptor> descriptors = new ArrayList<>();
        servicesById.values().forEach(service -> descriptors.add(describe(service)));
        this.discovery = new CdsServices(List.copyOf(descriptors));
    }

    public CdsServices discovery() {
        return discovery;
    }

    public HookService find(String serviceId) {
        HookService service = servicesById.get(serviceId);
        if (service == null) {
            throw new UnknownServiceException(serviceId);
        }
        return service;
    }

    /** The service with this id, if this payer offers it. */
    public Optional<HookService> lookup(String serviceId) {
        return Optional.ofNullable(servicesById.get(serviceId));
    }

    /** The CRD versions a service speaks, the one for requests that name none first. */
    public List<CrdVersion> versions(HookService service) {
        return versionsById.get(service.id());
    }

    /** The boolean configuration options an EHR may set for a hook. */
    public Set<String> switches(String hook) {
        return new LinkedHashSet<>(optionsByHook.getOrDefault(hook, Map.of()).keySet());
    }

    private static List<CrdVersion> declaredVersions(HookService service) {
        List<CrdVersion> versions = new ArrayList<>();
        for (String label : service.crdVersions()) {
            CrdVersion version = CrdVersion.fromLabel(label).orElseThrow(() -> new IllegalStateException(
                    "crd.services: service '" + service.id() + "' lists CRD version '" + label
                            + "'; this service speaks " + List.of(CrdVersion.values())));
            if (!versions.contains(version)) {
                versions.add(version);
            }
        }
        return List.copyOf(versions);
    }

    private static Map<String, Option> options(String hook, PolicyCatalog catalog) {
        Map<String, Coding> codings = new LinkedHashMap<>();
        Map<String, Set<String>> switchesOff = new LinkedHashMap<>();
        catalog.policies().forEach(policy -> policy.actions().stream()
                .filter(action -> action.appliesTo(hook))
                .forEach(action -> {
                    // A CRD card type names its option (e.g. "Coverage Information"), before a payer response type
                    action.topics().forEach(topic -> codings.putIfAbsent(topic.getCode(), topic));
                    codings.putIfAbsent(action.responseType().getCode(), action.responseType());
                    for (String code : action.switches()) {
                        switchesOff.computeIfAbsent(code, c -> new LinkedHashSet<>())
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
                        + "them share the name or description of '" + option.coding().getCode()
                        + "'. Give the PlanDefinition codings distinct displays.");
            }
        }
    }

    private static String description(Option option) {
        return "Set to false to leave out: " + String.join(", ", option.switchesOff()) + ".";
    }

    private CdsServiceDescriptor describe(HookService service) {
        List<Map<String, Object>> options = new ArrayList<>();
        optionsByHook.get(service.hook()).values().forEach(option -> options.add(option(
                option.coding().getCode(), "boolean", option.coding().getDisplay(), description(option), true)));
        options.add(option(ResponseOptions.MAX_CARDS, "integer", "Maximum cards",
                "The most cards to return; the most severe are kept.", ResponseOptions.DEFAULT_MAX_CARDS));
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put(CONFIGURATION_OPTIONS, options);
        extension.put(CRD_VERSION, versionsById.get(service.id()).stream().map(CrdVersion::label)
                .collect(Collectors.toList()));
        return new CdsServiceDescriptor(service.hook(), service.title(), service.description(), service.id(),
                service.prefetch(), service.usageRequirements(), extension);
    }

    private static Map<String, Object> option(String code, String type, String name, String description, Object defaultValue) {
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("code", code);
        option.put("type", type);
        option.put("name", name);
        option.put("description", description);
        option.put("default", defaultValue);
        return option;
    }
}
