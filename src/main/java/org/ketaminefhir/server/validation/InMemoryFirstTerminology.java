package org.ketaminefhir.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.ConceptValidationOptions;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.LookupCodeRequest;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Asks HAPI's in-memory terminology module first for the implementation guide's ValueSets and CodeSystems (canonical
 * URLs under the IG's base) and for those of the FHIR core specification (what HAPI's built-in definitions hold).
 *
 * <p>Without this, the chain asks HAPI's JPA terminology service first: for each code checked against one of the IG's
 * ValueSets it opens a database transaction and looks the ValueSet up in the pre-expansion table, finds nothing
 * (pre-expansion is off on this server, {@code JpaStorageConfig}), logs "ValueSet is not present in terminology
 * tables" and returns nothing; the chain then asks the in-memory module, which answers. The in-memory module is the
 * one instance HAPI's chain already holds (same settings), so the answers are the same; only the database round trip
 * is skipped. It still reads the ValueSet or CodeSystem through the chain, so one a client stores (or updates) under
 * the same canonical URL is what it validates against, as before. When it cannot answer (a ValueSet that includes a
 * code system only the terminology tables hold, say) it returns nothing and the rest of the chain answers as before.
 * Any other URL (a client's own terminology) is not claimed and goes to the JPA terminology service unchanged.
 */
final class InMemoryFirstTerminology implements IValidationSupport {

    private final InMemoryTerminologyServerValidationSupport inMemory;
    private final Predicate<String> served;

    InMemoryFirstTerminology(InMemoryTerminologyServerValidationSupport inMemory, Predicate<String> served) {
        this.inMemory = inMemory;
        this.served = served;
    }

    /**
     * Puts the module at the head of HAPI's chain, around the chain's own in-memory module. Served from memory: URLs
     * under {@code igCanonicalBase}, and those HAPI's built-in core definitions hold (looked up once per URL).
     *
     * @return the module added, or null if the chain has no in-memory module (nothing changes then)
     */
    static InMemoryFirstTerminology install(ValidationSupportChain chain, String igCanonicalBase) {
        InMemoryTerminologyServerValidationSupport inMemory = null;
        DefaultProfileValidationSupport core = null;
        for (IValidationSupport support : chain.getValidationSupports()) {
            if (support instanceof InMemoryTerminologyServerValidationSupport m && inMemory == null) {
                inMemory = m;
            } else if (support instanceof DefaultProfileValidationSupport d && core == null) {
                core = d;
            }
        }
        if (inMemory == null) {
            return null;
        }
        String igPrefix = igCanonicalBase.endsWith("/") ? igCanonicalBase : igCanonicalBase + "/";
        DefaultProfileValidationSupport coreDefinitions = core;
        Map<String, Boolean> inCore = new ConcurrentHashMap<>();
        Predicate<String> served = url -> url != null
                && (url.startsWith(igPrefix)
                        || (coreDefinitions != null
                                && inCore.computeIfAbsent(
                                        url,
                                        u -> coreDefinitions.fetchValueSet(u) != null
                                                || coreDefinitions.fetchCodeSystem(u) != null)));
        InMemoryFirstTerminology module = new InMemoryFirstTerminology(inMemory, served);
        chain.addValidationSupport(0, module);
        return module;
    }

    @Override
    public FhirContext getFhirContext() {
        return inMemory.getFhirContext();
    }

    @Override
    public String getName() {
        return "InMemoryFirstTerminology";
    }

    @Override
    public boolean isValueSetSupported(ValidationSupportContext context, String valueSetUrl) {
        return served.test(withoutVersion(valueSetUrl)) && inMemory.isValueSetSupported(context, valueSetUrl);
    }

    @Override
    public boolean isCodeSystemSupported(ValidationSupportContext context, String system) {
        return served.test(withoutVersion(system)) && inMemory.isCodeSystemSupported(context, system);
    }

    @Override
    public CodeValidationResult validateCode(
            ValidationSupportContext context,
            ConceptValidationOptions options,
            String system,
            String code,
            String display,
            String valueSetUrl) {
        return inMemory.validateCode(context, options, system, code, display, valueSetUrl);
    }

    @Override
    public CodeValidationResult validateCodeInValueSet(
            ValidationSupportContext context,
            ConceptValidationOptions options,
            String system,
            String code,
            String display,
            IBaseResource valueSet) {
        // The chain also offers a ValueSet without a URL (a contained one) to every module: left to the chain's order.
        if (!served.test(
                withoutVersion(CommonCodeSystemsTerminologyService.getValueSetUrl(getFhirContext(), valueSet)))) {
            return null;
        }
        return inMemory.validateCodeInValueSet(context, options, system, code, display, valueSet);
    }

    @Override
    public LookupCodeResult lookupCode(ValidationSupportContext context, LookupCodeRequest request) {
        return inMemory.lookupCode(context, request);
    }

    private static String withoutVersion(String url) {
        if (url == null) {
            return null;
        }
        int bar = url.indexOf('|');
        return bar < 0 ? url : url.substring(0, bar);
    }
}
