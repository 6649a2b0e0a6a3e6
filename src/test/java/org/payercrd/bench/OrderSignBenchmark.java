package org.payercrd.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Resource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.payercrd.CrdApplication;
import org.payercrd.fhir.FhirJson;
import org.payercrd.fhir.PatientData;
import org.payercrd.fhir.PrefetchReader;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.payercrd.hooks.HookContext;
import org.payercrd.hooks.HookRequestReader;
import org.payercrd.policy.Policy;
import org.payercrd.policy.PolicyCatalog;
import org.payercrd.review.BenchmarkOrders;
import org.payercrd.review.HookCallReview;
import org.payercrd.review.OrderAssessment;
import org.payercrd.review.OrderAssessor;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ServiceDirectory;
import org.payercrd.web.CdsServicesController;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Where an order-sign call spends its time, without HTTP: the policy's CQL for one order (the IRE order of the
 * benchmark request, and the CT order the policy does not govern), reading the request's FHIR content, and the
 * whole call from request bytes to response bytes, with and without the audit write. Run by {@code bench/jmh.sh}; results in docs/benchmarks.md.
 *
 * <p>The real application context is started once per fork, so the figures include whatever the service really
 * does per call (and nothing it does at start-up).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class OrderSignBenchmark {

    static final Path REQUEST = Path.of("bench/requests/order-sign-two-orders.json");

    private ConfigurableApplicationContext context;
    private ObjectMapper objectMapper;
    private CdsServicesController controller;
    private HookRequestReader requestReader;
    private HookCallReview hookCallReview;
    private CdsServiceDefinition orderSign;
    private PrefetchReader prefetchReader;
    private PolicyCatalog catalog;
    private Policy policy;
    private byte[] requestBytes;
    private CdsServiceRequest request;
    private Resource ireOrder;
    private Resource ctOrder;
    private Coverage coverage;
    private PatientData patientData;
    private Bundle patientBundle;
    private BenchmarkOrders orderAssessment;

    @Setup(Level.Trial)
    public void startService() throws IOException {
        requestBytes = Files.readAllBytes(REQUEST);
        context =
                new SpringApplicationBuilder(CrdApplication.class).run("--server.port=0", "--logging.level.root=WARN");
        objectMapper = context.getBean(ObjectMapper.class);
        controller = context.getBean(CdsServicesController.class);
        requestReader = context.getBean(HookRequestReader.class);
        hookCallReview = context.getBean(HookCallReview.class);
        orderSign = context.getBean(ServiceDirectory.class).find("crd-order-sign");
        prefetchReader = context.getBean(PrefetchReader.class);
        catalog = context.getBean(PolicyCatalog.class);
        policy = catalog.policies().get(0);
        request = objectMapper.readValue(requestBytes, CdsServiceRequest.class);
        FhirJson fhirJson = context.getBean(FhirJson.class);
        Bundle orders = fhirJson.parse(Bundle.class, request.context().get("draftOrders"), "draftOrders");
        ireOrder = orders.getEntry().get(0).getResource();
        ctOrder = orders.getEntry().get(1).getResource();
        patientData = prefetchReader.read("pat-bench", request.prefetchOrEmpty());
        patientBundle = patientData.asBundle();
        coverage = patientData.coverages().get(0);
        orderAssessment = new BenchmarkOrders(context.getBean(OrderAssessor.class), orderSign, request, patientData);
    }

    @TearDown(Level.Trial)
    public void stopService() {
        context.close();
    }

    @Benchmark
    public Map<String, Object> policyEvaluationIreOrder() {
        return catalog.evaluator().evaluate(policy, ireOrder, coverage, "Patient/pat-bench", patientBundle);
    }

    @Benchmark
    public Map<String, Object> policyEvaluationOtherOrder() {
        return catalog.evaluator().evaluate(policy, ctOrder, coverage, "Patient/pat-bench", patientBundle);
    }

    /** One order's whole per-order cost within a call: which policies apply, their CQL, cards and assertions. */
    @Benchmark
    public OrderAssessment assessIreOrder() {
        return orderAssessment.assess(ireOrder);
    }

    /** The same for an order no policy governs: what nearly all real EHR traffic costs. */
    @Benchmark
    public OrderAssessment assessOtherOrder() {
        return orderAssessment.assess(ctOrder);
    }

    @Benchmark
    public PatientData readPrefetch() {
        return prefetchReader.read("pat-bench", request.prefetchOrEmpty());
    }

    /** The whole call but the audit write: the difference with {@link #wholeCallWithoutHttp()} is what it costs. */
    @Benchmark
    public byte[] wholeCallWithoutHttpOrAudit() throws IOException {
        CdsServiceRequest parsed = objectMapper.readValue(requestBytes, CdsServiceRequest.class);
        HookContext hookContext = requestReader.read(orderSign.hook(), parsed);
        return objectMapper.writeValueAsBytes(
                hookCallReview.review(orderSign, hookContext, parsed).response());
    }

    @Benchmark
    public byte[] wholeCallWithoutHttp() throws IOException {
        CdsServiceRequest parsed = objectMapper.readValue(requestBytes, CdsServiceRequest.class);
        CdsServiceResponse response = controller.call("crd-order-sign", parsed);
        return objectMapper.writeValueAsBytes(response);
    }
}
