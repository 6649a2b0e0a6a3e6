package org.payercrd.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.entity.DeflateInputStreamFactory;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.opencds.cqf.fhir.utility.FhirPathCache;
import org.payercrd.CrdProperties;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link FhirContext} of the application. Creating a context scans the whole R4 model (seconds), so it
 * is built once here and never on a request.
 */
@Configuration(proxyBeanMethods = false)
public class FhirConfiguration {

    public static final String EHR_FETCH_EXECUTOR = "ehrFetchExecutor";

    /** Queued reads per thread before new reads are refused (and reported as not checked) rather than queued. */
    private static final int QUEUED_READS_PER_THREAD = 8;

    /**
     * The client side is set up here, once, because HAPI builds its HTTP client (and connection pool) from these
     * settings: socket and pool waits capped at the time budget, so that no read outlives it for long; connect
     * timeout short, so that an unreachable EHR fails fast; no {@code /metadata} call before each first read.
     * Redirects are not followed: the HTTP client would carry the EHR's token to wherever a redirect points, and
     * the service reads from the request's {@code fhirServer} only. Every answer is screened (size after
     * decompression, strict JSON) before HAPI parses it ({@link EhrAnswerScreen}).
     */
    @Bean
    public FhirContext fhirContext(CrdProperties properties) {
        FhirContext context = FhirContext.forR4Cached();
        int budget = Math.toIntExact(properties.fhir().timeBudget().toMillis());
        int connect = Math.toIntExact(properties.fhir().connectTimeout().toMillis());
        int threads = properties.fhir().maxParallelFetches();
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
        pool.setMaxTotal(threads * 4);
        pool.setDefaultMaxPerRoute(threads);
        HttpClient httpClient = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(budget)
                        .setConnectionRequestTimeout(budget)
                        .build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                // Every member of a gzip answer, whatever the network's timing (MultiMemberGzip).
                .setContentDecoderRegistry(Map.of(
                        "gzip",
                        MultiMemberGzip.FACTORY,
                        "x-gzip",
                        MultiMemberGzip.FACTORY,
                        "deflate",
                        DeflateInputStreamFactory.getInstance()))
                .addInterceptorLast(new EhrAnswerScreen(
                        properties.fhir().maxResponseBytes().toBytes(),
                        properties.request().maxResourcesPerPrefetch()))
                .build();
        IRestfulClientFactory clients = context.getRestfulClientFactory();
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setHttpClient(httpClient);
        prepareFhirPath(context);
        return context;
    }

    /**
     * Searches of the in-memory FHIR repositories the CQL engine reads (the policy library lookup at start-up, the
     * retrieves of every evaluation) match resources with a FHIRPath engine, and building that engine parses the
     * whole R4 specification's structure definitions: seconds. Built on a thread of its own from the moment the
     * context exists, it is ready when the policies compile, instead of being on their path. The engine is cached
     * per FHIR version, and a caller arriving while it is being built waits for it rather than building another.
     * The same thread then warms the path of reads from EHR servers ({@link EhrFhirReader#warmUp}).
     */
    private static void prepareFhirPath(FhirContext context) {
        Thread thread = new Thread(
                () -> {
                    FhirPathCache.cachedForContext(context);
                    try {
                        EhrFhirReader.warmUp(context);
                    } catch (RuntimeException e) {
                        LoggerFactory.getLogger(FhirConfiguration.class).debug("EHR read path warm-up failed", e);
                    }
                },
                "fhirpath-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /** Threads for reads from EHR FHIR servers, shared by all hook calls and bounded, queue included. */
    @Bean(name = EHR_FETCH_EXECUTOR, destroyMethod = "shutdownNow")
    public ExecutorService ehrFetchExecutor(CrdProperties properties) {
        int threads = properties.fhir().maxParallelFetches();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory daemons = runnable -> {
            Thread thread = new Thread(runnable, "ehr-fetch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * QUEUED_READS_PER_THREAD),
                daemons,
                new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    @Bean
    public FhirJson fhirJson(FhirContext fhirContext) {
        return new FhirJson(fhirContext);
    }

    /**
     * The FHIR content of a request reaches HAPI through the tree Jackson builds for the body: so the body is read
     * under the same rules as an EHR server's answer ({@link FhirJsonReading}).
     */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer exactDecimalsForFhirContent() {
        return builder -> builder.postConfigurer(FhirJsonReading::configure);
    }

    /** Lets wire records carry HAPI resources; Jackson writes them through HAPI's encoder. */
    @Bean
    public SimpleModule fhirResourceJacksonModule(FhirJson fhirJson) {
        SimpleModule module = new SimpleModule("fhir-resources");
        module.addSerializer(IBaseResource.class, new FhirResourceSerializer(fhirJson));
        return module;
    }
}
