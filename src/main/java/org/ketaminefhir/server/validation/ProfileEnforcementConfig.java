package org.ketaminefhir.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.ketaminefhir.server.security.labels.SensitivityLabeller;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The implementation guide's profiles enforced on every write unless {@code ketamine.validation.enabled=false} (for
 * measuring what enforcement costs; never in production).
 */
@Configuration
public class ProfileEnforcementConfig {

    public static final String SESSION_PROFILE_ID = "ketamine-session";

    /**
     * LOINC, SNOMED CT and RxNorm are not loaded on this server. Codes from them are reported as "not checked"
     * (a warning) instead of failing validation; codes of this IG's own CodeSystems and all ValueSet bindings to them
     * are still checked.
     */
    @Bean
    public UnknownCodeSystemWarningValidationSupport unknownCodeSystemWarnings(
            FhirContext fhirContext, IValidationSupport validationSupport) {
        UnknownCodeSystemWarningValidationSupport support = new UnknownCodeSystemWarningValidationSupport(fhirContext);
        support.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        ((ValidationSupportChain) validationSupport).addValidationSupport(support);
        return support;
    }

    /**
     * The IG's and the core specification's ValueSets and CodeSystems answered from memory, without first looking them
     * up in HAPI's terminology tables (see {@link InMemoryFirstTerminology}).
     */
    @Bean
    public Object inMemoryFirstTerminology(IValidationSupport validationSupport, ImplementationGuidePackage guide) {
        InMemoryFirstTerminology module =
                InMemoryFirstTerminology.install((ValidationSupportChain) validationSupport, guide.canonicalBase());
        return module != null ? module : "no in-memory terminology module in the chain";
    }

    /** Storage hooks for every write, and the early validation of a request's resources before its transaction. */
    @Bean
    @ConditionalOnProperty(
            prefix = "ketamine.validation",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    public FhirEndpointPart profileEnforcement(ProfileEnforcementInterceptor enforcement) {
        return new FhirEndpointPart() {
            @Override
            public List<Object> storageInterceptors() {
                return List.of(enforcement);
            }

            @Override
            public List<Object> endpointInterceptors() {
                return List.of(enforcement.serverHooks());
            }
        };
    }

    @Bean
    @ConditionalOnProperty(
            prefix = "ketamine.validation",
            name = "enabled",
            havingValue = "true",
            matchIfMissing = true)
    public ProfileEnforcementInterceptor profileEnforcementInterceptor(
            FhirContext fhirContext,
            @Qualifier("myInstanceValidator") IInstanceValidatorModule instanceValidator,
            ImplementationGuidePackage guide,
            KetamineProducts products,
            IValidationSupport validationSupport,
            SensitivityLabeller labeller,
            @Value("${ketamine.validation.workers:0}") int workers,
            MeterRegistry meters) {
        int validators = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
        FhirValidator validator = fhirContext.newValidator();
        validator.registerValidatorModule(new TimedValidatorModule(
                reusing((FhirInstanceValidator) instanceValidator, validationSupport, validators),
                Timer.builder("ketamine.validation")
                        .description("Validation of one resource against base R4 and its profiles")
                        .publishPercentileHistogram()
                        .register(meters)));
        ProfileEnforcementInterceptor interceptor = new ProfileEnforcementInterceptor(
                fhirContext,
                validator,
                products,
                guide.profileUrl(SESSION_PROFILE_ID),
                validationSupport,
                labeller::label,
                validators);
        return interceptor;
    }

    /** HAPI's JPA instance validator, as configured by HAPI, but reusing a pool of {@code validators} HL7 validators. */
    static ReusingInstanceValidator reusing(
            FhirInstanceValidator hapi, IValidationSupport validationSupport, int validators) {
        ReusingInstanceValidator reusing = new ReusingInstanceValidator(validationSupport, validators);
        reusing.setWrappedWorkerContext(
                validationSupport,
                hapi.getWorkerContext() != null
                        ? hapi.getWorkerContext()
                        : WorkerContextValidationSupportAdapter.newVersionSpecificWorkerContextWrapper(
                                validationSupport));
        reusing.setValidatorResourceFetcher(hapi.getValidatorResourceFetcher());
        reusing.setValidatorPolicyAdvisor(hapi.getValidatorPolicyAdvisor());
        reusing.setBestPracticeWarningLevel(hapi.getBestPracticeWarningLevel());
        reusing.setAnyExtensionsAllowed(hapi.isAnyExtensionsAllowed());
        reusing.setErrorForUnknownProfiles(hapi.isErrorForUnknownProfiles());
        reusing.setNoTerminologyChecks(hapi.isNoTerminologyChecks());
        reusing.setNoExtensibleWarnings(hapi.isNoExtensibleWarnings());
        reusing.setNoBindingMsgSuppressed(hapi.isNoBindingMsgSuppressed());
        reusing.setAssumeValidRestReferences(hapi.isAssumeValidRestReferences());
        reusing.setAllowExamples(hapi.isAllowExamples());
        reusing.setCustomExtensionDomains(hapi.getExtensionDomains());
        if (hapi.getHostApplicationServices() != null) {
            reusing.setHostApplicationServices(hapi.getHostApplicationServices());
        }
        return reusing;
    }
}
