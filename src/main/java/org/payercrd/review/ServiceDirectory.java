package org.payercrd.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.payercrd.CrdProperties;
import org.payercrd.CrdProperties.HookService;
import org.payercrd.hooks.CdsServiceDescriptor;
import org.payercrd.hooks.CdsServices;
import org.payercrd.hooks.UnknownServiceException;
import org.payercrd.policy.PolicyAction;
import org.payercrd.policy.PolicyCatalog;
import org.springframework.stereotype.Component;

/**
 * The CDS Services this payer offers, one per configured hook, and their discovery entries. Each service's CRD
 * configuration options are the response types its policies can produce, plus {@code max-cards}; the discovery
 * document is built once, at start-up.
 */
@Component
public class ServiceDirectory {

    public static final String CONFIGURATION_OPTIONS = "davinci-crd.configuration-options";
    public static final String CRD_VERSION = "davinci-crd.version";

    private final Map<String, HookService> servicesById = new LinkedHashMap<>();
    private final Map<String, Map<String, Coding>> switchesByHook = new LinkedHashMap<>();
    private final CdsServices discovery;

    public ServiceDirectory(CrdProperties properties, PolicyCatalog catalog) {
        for (HookService service : properties.services()) {
            if (servicesById.putIfAbsent(service.id(), service) != null) {
                throw new IllegalStateException("crd.services: service id '" + service.id() + "' is listed twice");
            }
            Map<String, Coding> switches = new LinkedHashMap<>();
            catalog.policies().forEach(policy -> policy.actions().stream()
                    .filter(action -> action.appliesTo(service.hook()))
                    .map(PolicyAction::responseType)
                    .forEach(type -> switches.putIfAbsent(type.getCode(), type)));
            switchesByHook.put(service.hook(), switches);
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

    /** The boolean configuration options an EHR may set for a hook. */
    public Set<String> switches(String hook) {
        return new LinkedHashSet<>(switchesByHook.getOrDefault(hook, Map.of()).keySet());
    }

    private CdsServiceDescriptor describe(HookService service) {
        List<Map<String, Object>> options = new ArrayList<>();
        switchesByHook.get(service.hook()).values().forEach(type -> options.add(option(
                type.getCode(), "boolean", type.getDisplay(),
                "Set to false to leave out: " + type.getDisplay().toLowerCase() + ".", true)));
        options.add(option(ResponseOptions.MAX_CARDS, "integer", "Maximum cards",
                "The most cards to return; the most severe are kept.", 10));
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put(CONFIGURATION_OPTIONS, options);
        extension.put(CRD_VERSION, service.crdVersion());
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
