package org.ketaminefhir.server.ig;

import ca.uhn.fhir.batch2.config.Batch2JobRegisterer;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import javax.sql.DataSource;
import org.ketaminefhir.server.database.ServerSchema;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The implementation guide on the server: read from the classpath, installed at start-up (skipped when the same
 * package is installed already), reported by the health endpoint and listed in the CapabilityStatement.
 */
@Configuration
public class ImplementationGuideConfig {

    @Bean
    public ImplementationGuidePackage implementationGuidePackage(FhirContext fhirContext) {
        return ImplementationGuidePackage.fromClasspath(fhirContext);
    }

    @Bean
    public KetamineProducts ketamineProducts(ImplementationGuidePackage guide) {
        return new KetamineProducts(guide);
    }

    @Bean
    public ImplementationGuideInstaller implementationGuideInstaller(
            ImplementationGuidePackage guide,
            IPackageInstallerSvc installer,
            IValidationSupport validationSupport,
            Batch2JobRegisterer jobRegisterer,
            DataSource dataSource,
            ServerSchema schema /* creates ket_ig_install first */) {
        return new ImplementationGuideInstaller(
                guide, installer, validationSupport, jobRegisterer, new InstalledGuides(dataSource));
    }

    @Bean
    public ImplementationGuideHealth implementationGuideHealthIndicator(ImplementationGuidePackage guide) {
        return new ImplementationGuideHealth(guide);
    }

    /** The IG's profiles under each resource type of the CapabilityStatement. */
    @Bean
    public FhirEndpointPart supportedProfiles(ImplementationGuidePackage guide) {
        return FhirEndpointPart.endpoint(new SupportedProfilesInterceptor(guide));
    }
}
