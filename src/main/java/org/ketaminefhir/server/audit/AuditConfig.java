package org.ketaminefhir.server.audit;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import javax.sql.DataSource;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.FhirAddress;
import org.ketaminefhir.server.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail: every request to the FHIR endpoint recorded as a BALP AuditEvent in the server's own append-only
 * tables before its answer is released, and served at {@code /fhir/AuditEvent}. Off only with security off.
 */
@Configuration
public class AuditConfig {

    @Bean
    public AuditLog auditLog(
            DataSource dataSource, FhirContext fhirContext, ServerSchema schema /* creates the tables */) {
        return new AuditLog(dataSource, fhirContext);
    }

    /** Around the security chains, so that refused requests (401, 403) are recorded too. */
    @Bean
    public FilterRegistrationBean<AuditFilter> auditFilter(
            SecurityProperties security, AuditLog auditLog, FhirAddress address, FhirContext fhirContext) {
        FilterRegistrationBean<AuditFilter> registration =
                new FilterRegistrationBean<>(new AuditFilter(auditLog, address, fhirContext));
        registration.addUrlPatterns(FhirEndpoint.PATH + "/*");
        registration.setName("auditFilter");
        registration.setOrder(RequestPath.FILTER_AUDIT);
        registration.setEnabled(security.enabled());
        return registration;
    }

    /** What a request touches, noted by its hooks; the trail served from its own tables instead of HAPI's storage. */
    @Bean
    public FhirEndpointPart auditTrail(SecurityProperties security, AuditLog auditLog, FhirContext fhirContext) {
        if (!security.enabled()) {
            return FhirEndpointPart.NONE;
        }
        return new FhirEndpointPart() {
            @Override
            public List<Object> endpointInterceptors() {
                return List.of(new AuditTrailInterceptor(fhirContext));
            }

            @Override
            public List<Object> providers() {
                return List.of(new AuditEventProvider(auditLog));
            }
        };
    }
}
