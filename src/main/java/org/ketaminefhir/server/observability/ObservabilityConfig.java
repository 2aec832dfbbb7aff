package org.ketaminefhir.server.observability;

import io.micrometer.core.instrument.MeterRegistry;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Request ids, metrics and health (README "Running it in production"). */
@Configuration
public class ObservabilityConfig {

	/** First of all filters, so that every log line of a request, the security filters' included, carries its id. */
	@Bean
	public FilterRegistrationBean<RequestIds> requestIds() {
		FilterRegistrationBean<RequestIds> registration = new FilterRegistrationBean<>(new RequestIds());
		registration.setName("requestIds");
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	public FhirRequestMetrics fhirRequestMetrics(MeterRegistry registry) {
		return new FhirRequestMetrics(registry);
	}

	@Bean
	public ImplementationGuideHealth implementationGuideHealthIndicator(ImplementationGuidePackage guide) {
		return new ImplementationGuideHealth(guide);
	}
}
