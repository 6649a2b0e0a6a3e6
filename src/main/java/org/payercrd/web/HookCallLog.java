package org.payercrd.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.payercrd.SafeText;
import org.payercrd.hooks.CdsServiceRequest;
import org.payercrd.hooks.CdsServiceResponse;
import org.payercrd.operations.HookMetrics;
import org.payercrd.services.CdsServiceDefinition;
import org.payercrd.services.ServiceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * One INFO line and one timer sample per CDS Hooks service call, whatever its outcome: hookInstance, service,
 * hook, HTTP status, outcome, how many cards and system actions, latency. Nothing else from the request: no
 * patient, no order, no token (the EHR's {@code fhirAuthorization} never reaches a log), so the line is safe to
 * ship to any log store; the audit record, not the log, holds what was decided for whom.
 */
@Component
public class HookCallLog implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(HookCallLog.class);
    private static final String STARTED = HookCallLog.class.getName() + ".started";
    private static final String UNKNOWN = "unknown";
    /**
     * A hookInstance is quoted stripped, so that a caller cannot forge log lines, and shortened past what the reader
     * takes (the audit's column), so that a refused document does not fill the log.
     */
    private static final int MAX_HOOK_INSTANCE = CdsServiceRequest.MAX_HOOK_INSTANCE;

    private final ServiceDirectory directory;
    private final HookMetrics metrics;

    public HookCallLog(ServiceDirectory directory, HookMetrics metrics) {
        this.directory = directory;
        this.metrics = metrics;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(request.getAttribute(STARTED) instanceof Long started) || !"POST".equals(request.getMethod())) {
            return;
        }
        long nanos = System.nanoTime() - started;
        CdsServiceDefinition service = service(request);
        String serviceId = service == null ? UNKNOWN : service.id();
        String hook = service == null ? UNKNOWN : service.hook();
        int status = response.getStatus();
        String outcome = status < 400 ? "answered" : status < 500 ? "rejected" : "failed";
        metrics.hookCall(serviceId, hook, outcome, nanos);
        if (log.isInfoEnabled()) {
            CdsServiceResponse answer = (CdsServiceResponse) request.getAttribute(HookCallCapture.RESPONSE);
            log.info(
                    "hook call hookInstance={} service={} hook={} status={} outcome={} cards={} systemActions={} latencyMs={}",
                    safe(request.getAttribute(HookCallCapture.HOOK_INSTANCE)),
                    serviceId,
                    hook,
                    status,
                    outcome,
                    answer == null || answer.cards() == null
                            ? 0
                            : answer.cards().size(),
                    answer == null || answer.systemActions() == null
                            ? 0
                            : answer.systemActions().size(),
                    String.format(Locale.ROOT, "%.1f", nanos / 1e6));
        }
    }

    private CdsServiceDefinition service(HttpServletRequest request) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> variables
                && variables.get("serviceId") instanceof String id) {
            return directory.lookup(id).orElse(null);
        }
        return null;
    }

    private static String safe(Object hookInstance) {
        if (!(hookInstance instanceof String text) || text.isBlank()) {
            return "-";
        }
        return SafeText.identifier(text, MAX_HOOK_INSTANCE);
    }
}
