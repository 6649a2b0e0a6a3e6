package org.payercrd.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.OperationOutcomes;
import org.payercrd.hooks.CdsServiceDescriptor;
import org.payercrd.hooks.UnknownServiceException;
import org.payercrd.services.ServiceDirectory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs} (browsable at {@code /swagger-ui.html}): the CDS Hooks 2.0
 * discovery and service endpoints with the request and response schemas, a real order-sign request and the answer
 * the service gives it ({@code openapi/*.json}, kept honest by a test that posts the one and compares with the
 * other), and the OperationOutcome errors. FHIR content (context, prefetch, resources in actions) is described as
 * FHIR R4 JSON objects rather than as HAPI's Java model.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String SERVICE_CALL = "/cds-services/{serviceId}";
    static final String DISCOVERY = "/cds-services";
    static final String REQUEST_EXAMPLE = "openapi/order-sign-request.json";
    static final String RESPONSE_EXAMPLE = "openapi/order-sign-response.json";
    static final String EXAMPLE = "order-sign";

    @Bean
    OpenAPI crdOpenApi() {
        String version = OpenApiConfiguration.class.getPackage().getImplementationVersion();
        return new OpenAPI()
                .info(new Info()
                        .title("Payer Coverage Requirements Discovery (CDS Hooks 2.0, Da Vinci CRD)")
                        .version(version == null ? "development" : version)
                        .description("""
                        A CDS Hooks 2.0 service implementing the HL7 Da Vinci Coverage Requirements Discovery guide. \
                        An EHR discovers the services with GET /cds-services, then calls one when a clinician \
                        selects or signs orders; the answer holds cards for the clinician and, as a system action, \
                        each order updated with the CRD coverage-information extension (the payer's coverage \
                        assertion). Errors are FHIR OperationOutcomes.""")
                        .license(new License().name("CDS Hooks 2.0").url("https://cds-hooks.hl7.org/2.0/")));
    }

    @Bean
    OpenApiCustomizer cdsHooksDocumentation(ObjectMapper objectMapper, FhirJson fhirJson, ServiceDirectory directory) {
        // The texts name the hooks and service ids from the directory, so they follow crd.services as it is set.
        List<CdsServiceDescriptor> services = directory.discovery().services();
        String hooks =
                services.stream().map(CdsServiceDescriptor::hook).distinct().collect(Collectors.joining(", "));
        String serviceIds = services.stream().map(CdsServiceDescriptor::id).collect(Collectors.joining(", "));
        Schema<?> fhirResource =
                new ObjectSchema().description("A FHIR R4 resource in JSON (https://hl7.org/fhir/R4/json.html)");
        SpringDocUtils.getConfig()
                .replaceWithSchema(IBaseResource.class, fhirResource)
                .replaceWithSchema(
                        JsonNode.class,
                        new ObjectSchema()
                                .description(
                                        "JSON as CDS Hooks defines it for this member; FHIR content is FHIR R4 JSON"));
        return openApi -> {
            describeSchemas(openApi, hooks);
            PathItem call = openApi.getPaths().get(SERVICE_CALL);
            if (call != null && call.getPost() != null) {
                describeServiceCall(call.getPost(), objectMapper, fhirJson, hooks, serviceIds);
            }
            PathItem policies = openApi.getPaths().get(PoliciesController.PATH);
            if (policies != null && policies.getGet() != null) {
                policies.getGet()
                        .summary("The loaded policies: versions, citations, codes and actions")
                        .description("Read-only. For each policy the service evaluates: its Library's title, "
                                + "version, status, publisher, approval, last-review and effective dates, description "
                                + "and related artifacts (the policy document, its history and the evidence it cites, "
                                + "with links), the codes of the ValueSets it names, and its PlanDefinition's actions "
                                + "(title, the hooks that trigger each, the configuration codes that switch it off). "
                                + "Protected like the other /api endpoints when crd.auth.required=true.");
            }
            PathItem discovery = openApi.getPaths().get(DISCOVERY);
            if (discovery != null && discovery.getGet() != null) {
                discovery
                        .getGet()
                        .summary("Discovery: the services this payer offers")
                        .description("One service per hook, with its prefetch templates, the CRD configuration "
                                + "options an EHR may send (davinci-crd.configuration-options) and the CRD version.");
            }
        };
    }

    private static void describeSchemas(OpenAPI openApi, String hooks) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        describe(
                schemas,
                "CdsServiceRequest",
                "A CDS Hooks 2.0 service request (https://cds-hooks.hl7.org/2.0/#http-request-1)",
                Map.of(
                        "hook",
                        "The hook that triggered the call, one of the services' hooks: " + hooks,
                        "hookInstance",
                        "A UUID for this call, chosen by the EHR; quoted in the service's log",
                        "fhirServer",
                        "The EHR's FHIR base URL, for data prefetch did not carry",
                        "fhirAuthorization",
                        "The access token for fhirServer; never logged or stored",
                        "context",
                        "The hook's context as CDS Hooks defines it for that hook: e.g. userId, patientId and "
                                + "draftOrders (a FHIR Bundle) for order-sign, plus selections for order-select",
                        "prefetch",
                        "Prefetched FHIR resources by the keys of the service's prefetch templates; "
                                + "null means known absent",
                        "extension",
                        "davinci-crd.configuration (the service's configuration options) and other "
                                + "CDS Hooks extensions"));
        describe(
                schemas,
                "CdsServiceResponse",
                "A CDS Hooks 2.0 response",
                Map.of(
                        "cards",
                        "Guidance for the clinician; always present, possibly empty",
                        "systemActions",
                        "Actions the EHR applies without the clinician: each reviewed order updated "
                                + "with the CRD coverage-information extension"));
        describe(
                schemas,
                "Card",
                "A CDS Hooks card",
                Map.of(
                        "summary", "One-sentence summary under 140 characters",
                        "indicator", "info, warning or critical",
                        "detail", "GitHub-flavoured markdown"));
        describe(
                schemas,
                "Action",
                "A CDS Hooks action",
                Map.of(
                        "type", "create, update or delete",
                        "resource", "The FHIR resource to create or update"));
        describe(
                schemas,
                "PolicyListing",
                "One loaded policy, as its FHIR Library, ValueSets and PlanDefinition say",
                Map.of(
                        "version",
                        "The Library's version: the policy version each coverage assertion records",
                        "relatedArtifacts",
                        "The Library's relatedArtifact entries: documentation, predecessor "
                                + "(history), citation (evidence; url when online) and depends-on (the ValueSets used)",
                        "valueSets",
                        "The ValueSets the Library names, with the codes each holds",
                        "actions",
                        "The PlanDefinition's actions: what each card or system action is and when it applies"));
        schemas.keySet()
                .removeIf(name ->
                        name.startsWith("IBase") || name.startsWith("IId") || name.startsWith("IPrimitiveType"));
    }

    private static void describe(
            Map<String, Schema> schemas, String name, String description, Map<String, String> properties) {
        Schema<?> schema = schemas.get(name);
        if (schema == null) {
            return;
        }
        schema.description(description);
        properties.forEach((property, text) -> {
            Object member = schema.getProperties() == null
                    ? null
                    : schema.getProperties().get(property);
            if (member instanceof Schema<?> memberSchema) {
                memberSchema.description(text);
            }
        });
    }

    private static void describeServiceCall(
            Operation post, ObjectMapper objectMapper, FhirJson fhirJson, String hooks, String serviceIds) {
        post.summary("Call a service: review the orders or appointments a hook carries (" + hooks + ")")
                .description("Reviews each order or appointment against the payer's policies and answers with cards "
                        + "and system actions. serviceId is an id from discovery (" + serviceIds + ").");
        Example request = new Example()
                .summary("order-sign for one draft order, patient and coverage prefetched")
                .value(read(objectMapper, REQUEST_EXAMPLE));
        if (post.getRequestBody() != null && post.getRequestBody().getContent() != null) {
            post.getRequestBody().getContent().values().forEach(media -> media.addExamples(EXAMPLE, request));
        }
        ApiResponses responses = post.getResponses();
        ApiResponse ok = responses.get("200");
        if (ok != null && ok.getContent() != null) {
            ok.description("Cards and system actions");
            ok.getContent()
                    .values()
                    .forEach(media -> media.addExamples(
                            EXAMPLE,
                            new Example()
                                    .summary(
                                            "The service's answer to that request: cards, and the order with the coverage assertion")
                                    .value(read(objectMapper, RESPONSE_EXAMPLE))));
        }
        responses.addApiResponse(
                "400",
                error(
                        objectMapper,
                        fhirJson,
                        IssueType.INVALID,
                        "The request breaks CDS Hooks or is not valid FHIR; each problem is an issue",
                        "context.draftOrders is required: a FHIR Bundle of the draft orders"));
        responses.addApiResponse(
                "404",
                error(
                        objectMapper,
                        fhirJson,
                        IssueType.NOTFOUND,
                        "No service with this id",
                        new UnknownServiceException("crd-unknown").getMessage()));
        responses.addApiResponse(
                "413",
                error(
                        objectMapper,
                        fhirJson,
                        IssueType.TOOLONG,
                        "The body is larger than crd.request.max-body-size",
                        new PayloadTooLargeException(4L * 1024 * 1024).getMessage()));
        responses.addApiResponse(
                "415",
                error(
                        objectMapper,
                        fhirJson,
                        IssueType.NOTSUPPORTED,
                        "The body is not JSON",
                        "Content-Type text/plain is not accepted; send application/json"));
    }

    private static ApiResponse error(
            ObjectMapper objectMapper, FhirJson fhirJson, IssueType type, String description, String diagnostics) {
        JsonNode outcome;
        try {
            outcome = objectMapper.readTree(fhirJson.encode(OperationOutcomes.of(type, diagnostics)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MediaType json = new MediaType()
                .schema(new ObjectSchema().description("A FHIR R4 OperationOutcome, one issue per problem"))
                .addExamples(type.toCode(), new Example().value(outcome));
        return new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE, json));
    }

    private static JsonNode read(ObjectMapper objectMapper, String path) {
        try (InputStream in = OpenApiConfiguration.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing OpenAPI example " + path);
            }
            return objectMapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
