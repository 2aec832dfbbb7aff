package org.ketaminefhir.server.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.fhir.RequestPath;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Request ids, metrics and the OpenAPI description (docs/operations.md, "Running it in production"). */
@Configuration
public class ObservabilityConfig {

    /** First of all filters, so that every log line of a request, the security filters' included, carries its id. */
    @Bean
    public FilterRegistrationBean<RequestIds> requestIds() {
        FilterRegistrationBean<RequestIds> registration = new FilterRegistrationBean<>(new RequestIds());
        registration.setName("requestIds");
        registration.setOrder(RequestPath.FILTER_REQUEST_IDS);
        return registration;
    }

    /**
     * Request metrics; the request id in every OperationOutcome; the OpenAPI description at /fhir/api-docs and a page to
     * browse and try the API at /fhir/swagger-ui/.
     */
    @Bean
    public FhirEndpointPart observability(MeterRegistry registry) {
        return FhirEndpointPart.endpoint(
                new FhirRequestMetrics(registry), new RequestIdInOutcomes(), new CachedOpenApi());
    }
}
