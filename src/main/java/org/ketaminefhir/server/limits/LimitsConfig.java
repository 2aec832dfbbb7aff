package org.ketaminefhir.server.limits;

import ca.uhn.fhir.context.FhirContext;
import org.ketaminefhir.server.fhir.RestfulServerConfig;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The request limits on the FHIR endpoint (see {@link RequestLimits}; bound in JpaStorageConfig, which also applies them). */
@Configuration
public class LimitsConfig {

	/** Runs after the security filters (a request is authenticated, and audited, before its body is read). */
	@Bean
	public FilterRegistrationBean<RequestLimitsFilter> requestLimitsFilter(RequestLimits limits, FhirContext fhirContext) {
		FilterRegistrationBean<RequestLimitsFilter> registration =
				new FilterRegistrationBean<>(new RequestLimitsFilter(limits, fhirContext));
		registration.addUrlPatterns(RestfulServerConfig.FHIR_PATH + "/*");
		registration.setName("fhirRequestLimits");
		registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 10);
		return registration;
	}
}
