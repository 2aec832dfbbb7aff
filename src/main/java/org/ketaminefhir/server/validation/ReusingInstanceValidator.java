package org.ketaminefhir.server.validation;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.ValidationOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's {@link FhirInstanceValidator} with a small pool of HL7 {@link InstanceValidator}s, each built once and reused,
 * instead of a new one for every resource. Building one is costly (it reads the HL7 OID registry CSV, sets up the FHIRPath
 * engine and profile utilities): the benchmark's profile found 27.7 % of all server samples there. The validator is
 * configured exactly as HAPI's per-call wrapper configures it, from this instance's settings, and validates the same
 * input (the resource encoded as JSON against the profiles it declares plus those asked for), so what is accepted and
 * refused does not change. An InstanceValidator is not safe for two threads at once: each is lent to one validation at a
 * time, and retired after {@link #RETIRE_AFTER} of them. Validation is
 * CPU work, so more validations at once than cores only costs memory; a validation waits for a free validator.
 */
public class ReusingInstanceValidator extends FhirInstanceValidator {

    private final BlockingQueue<Reused> idle = new LinkedBlockingQueue<>();
    private final Semaphore validating;

    /**
     * @param validators how many resources are validated at once, at most: each holds an HL7 validator with its own
     *     copy of the OID registry (tens of MB), so they are pooled and their number bounded, not one per request thread
     */
    public ReusingInstanceValidator(IValidationSupport validationSupport, int validators) {
        super(validationSupport);
        this.validating = new Semaphore(validators, true);
    }

    /**
     * How many resources one HL7 validator validates before it is retired. It keeps state of every resource it has
     * validated (its resource tracker is keyed by the parsed element tree, and it caches what it fetched): reused
     * without end, the server's heap grew by about 100 kB per validated resource. Retiring it bounds that to a few MB
     * per validator, and building one more every 64 resources costs under 1 % of validation.
     */
    static final int RETIRE_AFTER = 64;

    private static final class Reused {
        final WorkerContextValidationSupportAdapter context;
        final InstanceValidator validator;
        int validated;

        Reused(WorkerContextValidationSupportAdapter context, InstanceValidator validator) {
            this.context = context;
            this.validator = validator;
        }
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> validationContext) {
        if (validationContext.getResourceAsStringEncoding() != EncodingEnum.JSON) {
            return super.validate(validationContext);
        }
        WorkerContextValidationSupportAdapter context = provideWorkerContext();
        validating.acquireUninterruptibly();
        Reused reused = idle.poll();
        try {
            if (reused == null || reused.context != context) {
                reused = new Reused(context, build(context));
            }
            reused.validated++;
            return validate(validationContext, context, reused.validator);
        } finally {
            if (reused != null && reused.validated < RETIRE_AFTER) {
                idle.offer(reused);
            }
            validating.release();
        }
    }

    private List<ValidationMessage> validate(
            IValidationContext<?> validationContext,
            WorkerContextValidationSupportAdapter context,
            InstanceValidator validator) {

        List<ValidationMessage> messages = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        List<StructureDefinition> profiles = new ArrayList<>();
        for (String url : profileUrls(validationContext)) {
            StructureDefinition profile = context.fetchResource(StructureDefinition.class, url);
            if (profile != null) {
                profiles.add(profile);
            } else {
                ValidationMessage unknown = new ValidationMessage();
                unknown.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
                unknown.setLevel(ValidationMessage.IssueSeverity.ERROR);
                unknown.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
                unknownProfiles.add(unknown);
            }
        }
        ValidationOptions options = validationContext.getOptions();
        byte[] json = validationContext.getResourceAsString().getBytes(StandardCharsets.UTF_8);
        try {
            validator.validate(
                    options.getAppContext(),
                    messages,
                    new ByteArrayInputStream(json),
                    Manager.FhirFormat.JSON,
                    profiles);
        } catch (NullPointerException | IllegalStateException | IllegalArgumentException crashed) {
            // The HL7 validator fails on some invalid definitions (a StructureDefinition whose type names no type): the
            // resource is refused as invalid (422), not answered with a 500.
            ValidationMessage failed = new ValidationMessage();
            failed.setLevel(ValidationMessage.IssueSeverity.ERROR);
            failed.setType(ValidationMessage.IssueType.PROCESSING);
            failed.setLocation("Resource");
            failed.setMessage("The resource cannot be validated (the validator stopped at: " + crashed
                    + "); check that every type, profile and code it names exists");
            messages.add(failed);
        }
        if (profiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        messages.removeIf(m -> I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(m.getMessageId())
                || (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(m.getMessageId())
                        && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
        for (ValidationMessage m : messages) {
            if (I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(m.getMessageId())
                    || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(m.getMessageId())) {
                m.setLevel(
                        isErrorForUnknownProfiles()
                                ? ValidationMessage.IssueSeverity.ERROR
                                : ValidationMessage.IssueSeverity.WARNING);
            }
        }
        return messages;
    }

    /** The profiles asked for, then those the resource declares in meta.profile, each once. */
    private static Set<String> profileUrls(IValidationContext<?> validationContext) {
        Set<String> urls = new LinkedHashSet<>(validationContext.getOptions().getProfiles());
        Object resource = validationContext.getResource();
        if (resource instanceof IBaseResource r) {
            for (IPrimitiveType<String> profile : r.getMeta().getProfile()) {
                if (profile.getValue() != null) {
                    urls.add(profile.getValue());
                }
            }
        }
        return urls;
    }

    /** Configured as HAPI's ValidatorWrapper configures the validator it builds for each call. */
    private InstanceValidator build(WorkerContextValidationSupportAdapter context) {
        InstanceValidator v;
        try {
            v = new InstanceValidator(
                    context,
                    Objects.requireNonNullElseGet(
                            getHostApplicationServices(), FhirInstanceValidator.NullEvaluationContext::new),
                    new XVerExtensionManagerOld(context),
                    new ValidatorSession(),
                    new ValidatorSettings());
        } catch (Exception e) {
            throw new IllegalStateException("Could not build the instance validator: " + e.getMessage(), e);
        }
        v.setAssumeValidRestReferences(isAssumeValidRestReferences());
        v.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        v.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        v.setResourceIdRule(IdStatus.OPTIONAL);
        v.setNoTerminologyChecks(isNoTerminologyChecks());
        v.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        v.setUnknownCodeSystemsCauseErrors(true);
        v.getExtensionDomains().addAll(getExtensionDomains());
        v.setFetcher(getValidatorResourceFetcher());
        v.setPolicyAdvisor(getValidatorPolicyAdvisor());
        v.setNoExtensibleWarnings(isNoExtensibleWarnings());
        v.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        v.setAllowExamples(isAllowExamples());
        v.setAllowXsiLocation(true);
        return v;
    }
}
