package org.ketaminefhir.server.ig;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.ketaminefhir.server.fhir.RequestPath;

/** Lists the IG's profiles under each resource type of the CapabilityStatement ({@code rest.resource.supportedProfile}). */
@Interceptor(order = RequestPath.SUPPORTED_PROFILES)
public class SupportedProfilesInterceptor {

    private final Map<String, List<String>> profilesByType;
    private final String implementationGuideUrl;

    public SupportedProfilesInterceptor(ImplementationGuidePackage guide) {
        this.profilesByType = guide.profileUrlsByType();
        this.implementationGuideUrl = guide.canonicalBase() + "/ImplementationGuide/" + guide.packageId();
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void addSupportedProfiles(IBaseConformance conformance) {
        CapabilityStatement capabilityStatement = (CapabilityStatement) conformance;
        if (capabilityStatement.getImplementationGuide().stream()
                .noneMatch(ig -> implementationGuideUrl.equals(ig.getValue()))) {
            capabilityStatement.addImplementationGuide(implementationGuideUrl);
        }
        for (CapabilityStatement.CapabilityStatementRestComponent rest : capabilityStatement.getRest()) {
            for (CapabilityStatement.CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                for (String profile : profilesByType.getOrDefault(resource.getType(), List.of())) {
                    if (resource.getSupportedProfile().stream()
                            .map(CanonicalType::getValue)
                            .noneMatch(profile::equals)) {
                        resource.addSupportedProfile(profile);
                    }
                }
            }
        }
    }
}
