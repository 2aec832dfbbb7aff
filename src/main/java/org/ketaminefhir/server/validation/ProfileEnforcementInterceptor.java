package org.ketaminefhir.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.ValidationResult;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * Enforces the implementation guide on every write that reaches storage (create, update, and each entry of a
 * transaction or batch):
 * <ul>
 *   <li>the resource is valid base FHIR R4, and conforms to every profile it declares in {@code meta.profile};</li>
 *   <li>a MedicationAdministration of ketamine or esketamine declares the session profile.</li>
 * </ul>
 * Profiles the server does not know (an EHR's US Core profile, say) are kept on the resource but not checked: they
 * are another IG's business, and refusing them would turn away valid base-R4 data.
 * A write that breaks either is refused with 422 and an OperationOutcome naming each element and rule; nothing is
 * stored (the exception rolls back the whole transaction). Internal writes of the server itself (installing the IG) are
 * not checked. The validator's work is done earlier where it can be, before the database transaction and a bundle's
 * entries in parallel ({@link EarlyValidation}); the decision, and the refusal, stay here.
 */
@Interceptor(order = RequestPath.PROFILE_VALIDATION)
public class ProfileEnforcementInterceptor {

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final KetamineProducts ketamineProducts;
    private final String sessionProfile;
    private final IValidationSupport validationSupport;
    private final EarlyValidation early;
    private final EarlyValidationHook serverHooks = new EarlyValidationHook();
    private final AtomicLong validatedEarly = new AtomicLong();
    private final AtomicLong validatedAtStorage = new AtomicLong();

    /**
     * @param beforeValidation what the storage hooks ordered before this one do to a resource (see {@link EarlyValidation})
     * @param workers how many entries of one bundle are validated at once, before storage
     */
    ProfileEnforcementInterceptor(
            FhirContext fhirContext,
            FhirValidator validator,
            KetamineProducts ketamineProducts,
            String sessionProfile,
            IValidationSupport validationSupport,
            UnaryOperator<IBaseResource> beforeValidation,
            int workers) {
        this.fhirContext = fhirContext;
        this.validationSupport = validationSupport;
        this.validator = validator;
        this.ketamineProducts = ketamineProducts;
        this.sessionProfile = sessionProfile;
        this.early = new EarlyValidation(fhirContext, this::validate, beforeValidation, workers);
    }

    /**
     * The REST server's side of enforcement, registered with the RestfulServer (whose interceptors get the SERVER_
     * pointcuts): before the database transaction opens, and after the authorization rules let the request through,
     * the request's resources are validated early. A separate object: the storage hooks of this one must not be
     * registered twice (HAPI calls a request's server interceptors at storage pointcuts too).
     */
    public Object serverHooks() {
        return serverHooks;
    }

    @Interceptor(order = RequestPath.PROFILE_VALIDATION)
    public final class EarlyValidationHook {
        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
        public void beforeHandling(RequestDetails request) {
            if (!(request instanceof SystemRequestDetails)) {
                early.validateAhead(request);
            }
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        enforce(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        enforce(resource, request);
    }

    void enforce(IBaseResource resource, RequestDetails request) {
        if (request instanceof SystemRequestDetails) {
            return;
        }
        if (resource instanceof MedicationAdministration administration
                && ketamineProducts.isKetamineAdministration(administration)
                && administration.getMeta().getProfile().stream()
                        .map(CanonicalType::getValue)
                        .noneMatch(sessionProfile::equals)) {
            OperationOutcome outcome = new OperationOutcome();
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(OperationOutcome.IssueType.STRUCTURE)
                    .setDiagnostics(
                            "A MedicationAdministration of ketamine or esketamine must declare the session profile "
                                    + sessionProfile + " in meta.profile (rule ket-policy-session-profile)")
                    .addLocation("MedicationAdministration.meta.profile")
                    .addExpression("MedicationAdministration.meta.profile");
            throw new UnprocessableEntityException(fhirContext, outcome);
        }
        ValidationResult result = early.resultFor(resource, request);
        if (result == null) {
            validatedAtStorage.incrementAndGet();
            result = validate(resource);
        } else {
            validatedEarly.incrementAndGet();
        }
        boolean failed = result.getMessages().stream()
                .anyMatch(m ->
                        m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL);
        if (failed) {
            throw new UnprocessableEntityException(fhirContext, result.toOperationOutcome());
        }
    }

    /** Resources stored with the result of their validation before the database transaction (since start-up). */
    public long validatedEarly() {
        return validatedEarly.get();
    }

    /** Resources validated at the storage hook: not validated early, or changed on the way to storage (since start-up). */
    public long validatedAtStorage() {
        return validatedAtStorage.get();
    }

    private ValidationResult validate(IBaseResource resource) {
        return validator.validateWithResult(withoutUnknownProfiles(resource));
    }

    @PreDestroy
    void stop() {
        early.shutdown();
    }

    private IBaseResource withoutUnknownProfiles(IBaseResource resource) {
        if (!(resource instanceof Resource r)
                || r.getMeta().getProfile().stream().allMatch(p -> isKnown(p.getValue()))) {
            return resource;
        }
        Resource copy = r.copy();
        copy.getMeta().getProfile().removeIf(p -> !isKnown(p.getValue()));
        return copy;
    }

    private boolean isKnown(String profile) {
        return profile != null && validationSupport.fetchStructureDefinition(profile) != null;
    }
}
