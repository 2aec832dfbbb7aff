package org.ketaminefhir.server.observability;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleViolation;

/**
 * Prometheus figures of the FHIR endpoint: every request's duration as a histogram by interaction (read, search-type,
 * transaction, extended-operation-type, ...), resource type and status ({@code fhir_server_requests_seconds}), and each
 * refusal of a clinical rule by rule id ({@code ketamine_rule_refusals_total}).
 */
@Interceptor(order = RequestPath.METRICS)
public class FhirRequestMetrics {

    private final MeterRegistry registry;

    public FhirRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed(RequestDetails request, ServletRequestDetails servletRequest) {
        String interaction = request.getRestOperationType() == null
                ? "unknown"
                : request.getRestOperationType().getCode();
        // only FHIR's own type names, so that no client can add labels by asking for made-up paths
        String resourceType = request.getResourceName() == null
                ? "none"
                : request.getFhirContext().getResourceTypes().contains(request.getResourceName())
                        ? request.getResourceName()
                        : "other";
        int status = servletRequest == null || servletRequest.getServletResponse() == null
                ? 0
                : servletRequest.getServletResponse().getStatus();
        Timer.builder("fhir.server.requests")
                .description("FHIR requests by interaction, resource type and status")
                .tags("interaction", interaction, "resource_type", resourceType, "status", String.valueOf(status))
                .publishPercentileHistogram()
                .register(registry)
                .record(Duration.ofMillis(request.getRequestStopwatch().getMillis()));
    }

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException refused(Throwable exception) {
        for (String rule : RuleViolation.ruleIds(exception)) {
            Counter.builder("ketamine.rule.refusals")
                    .description("Writes and operations refused by a clinical rule, by rule id")
                    .tag("rule", rule)
                    .register(registry)
                    .increment();
        }
        return null;
    }
}
