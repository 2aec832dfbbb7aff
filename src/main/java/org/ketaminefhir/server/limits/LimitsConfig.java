package org.ketaminefhir.server.limits;

import ca.uhn.fhir.context.FhirContext;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.fhir.RequestPath;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The request limits on the FHIR endpoint (see {@link RequestLimits}; HAPI's storage settings apply some of them). */
@Configuration
@EnableConfigurationProperties(RequestLimits.class)
public class LimitsConfig {

    /** Runs after the security filters (a request is authenticated, and audited, before its body is read). */
    @Bean
    public FilterRegistrationBean<RequestLimitsFilter> requestLimitsFilter(
            RequestLimits limits, FhirContext fhirContext) {
        FilterRegistrationBean<RequestLimitsFilter> registration =
                new FilterRegistrationBean<>(new RequestLimitsFilter(limits, fhirContext));
        registration.addUrlPatterns(FhirEndpoint.PATH + "/*");
        registration.setName("fhirRequestLimits");
        registration.setOrder(RequestPath.FILTER_REQUEST_LIMITS);
        return registration;
    }

    /** A transaction cut off by the request time limit answers 408. */
    @Bean
    public FhirEndpointPart requestTimeLimit(RequestLimits limits) {
        return FhirEndpointPart.endpoint(new RequestTimeLimit(limits.requestTimeLimit()));
    }
}
