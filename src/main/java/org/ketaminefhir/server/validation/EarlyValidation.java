package org.ketaminefhir.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.ResourceUtil;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.UriType;

/**
 * Validates a request's resources before its database transaction opens (the entries of a transaction or batch bundle
 * in parallel, one worker per core), and hands each result to the storage hook, which reuses it only for a resource
 * that reaches storage exactly as it was validated. What is accepted and refused, and where, does not change: the
 * storage hook still decides for every resource and still throws the refusal at the same place in the same order; a
 * resource HAPI changed on the way (a placeholder reference replaced by the id it was given, say) is no longer equal to
 * what was validated and is validated again at storage, as before. What changes is when the work happens: while the
 * validator runs, no database connection is held, and a bundle's entries share the cores.
 *
 * <p>"Exactly as it was validated": the validated copy (with what the storage hooks ordered before validation put on a
 * resource, the sensitivity labels) is kept, and at storage the resource must be deeply equal to it (every element,
 * extension and element id; {@code Base.equalsDeep}) apart from the fields storage itself sets (resource id,
 * meta.versionId, meta.lastUpdated, meta.source), and must carry the same request body HAPI kept, if it kept one (the
 * validator reads that). The copy is looked up by the identity of the object the request carried (HAPI stores the
 * entries of a transaction as those objects), else among the request's copies of the same type. (Earlier the match
 * was a SHA-256 of each side's JSON: encoding every resource twice cost 4 % of the early workers and 5 % of the
 * request threads.)
 */
final class EarlyValidation {

    private static final String KEY = EarlyValidation.class.getName() + ".results";

    /** What was validated ahead for one resource of the request, and the answer. */
    private record Validated(Resource copy, String body, String bodyEncoding, ValidationResult result) {}

    /** The request's validated resources, by the object the request carried (identity), and all of them. */
    private static final class Results {
        final Map<IBaseResource, Validated> byRequestObject = Collections.synchronizedMap(new IdentityHashMap<>());
        final List<Validated> all = Collections.synchronizedList(new ArrayList<>());
    }

    private final Function<IBaseResource, ValidationResult> validation;
    private final UnaryOperator<IBaseResource> beforeValidation;
    private final ExecutorService workers;

    /**
     * @param validation what the storage hook would conclude of a resource (it must be safe to call from several threads)
     * @param beforeValidation what the storage hooks ordered before validation do to a resource (applied to a copy)
     * @param workers how many resources of one bundle are validated at once
     */
    EarlyValidation(
            FhirContext fhirContext,
            Function<IBaseResource, ValidationResult> validation,
            UnaryOperator<IBaseResource> beforeValidation,
            int workers) {
        this.validation = validation;
        this.beforeValidation = beforeValidation;
        AtomicInteger number = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "early-validation-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Validates the resource a create or update carries, or the resources a transaction or batch writes. */
    void validateAhead(RequestDetails request) {
        List<IBaseResource> resources = written(request.getRestOperationType(), request.getResource());
        if (resources.isEmpty()) {
            return;
        }
        Results results = new Results();
        if (resources.size() == 1) {
            validateOne(resources.get(0), results);
        } else {
            List<CompletableFuture<Void>> running = new ArrayList<>(resources.size());
            for (IBaseResource resource : resources) {
                running.add(CompletableFuture.runAsync(() -> validateOne(resource, results), workers));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        }
        request.getUserData().put(KEY, results);
    }

    /** The early result for this resource as it is now, or null if it was not validated early in this form. */
    ValidationResult resultFor(IBaseResource resource, RequestDetails request) {
        if (request == null
                || !(request.getUserData().get(KEY) instanceof Results results)
                || !(resource instanceof Resource stored)) {
            return null;
        }
        Validated same = results.byRequestObject.get(resource);
        if (same != null && unchanged(stored, same)) {
            return same.result();
        }
        synchronized (results.all) {
            for (Validated candidate : results.all) {
                if (candidate != same
                        && candidate.copy().fhirType().equals(stored.fhirType())
                        && unchanged(stored, candidate)) {
                    return candidate.result();
                }
            }
        }
        return null;
    }

    private void validateOne(IBaseResource resource, Results results) {
        try {
            IBaseResource prepared = beforeValidation.apply(copyOf(resource));
            ValidationResult result = validation.apply(prepared);
            if (prepared instanceof Resource copy) {
                Validated validated = new Validated(
                        copy,
                        ResourceUtil.getRawStringFromResourceOrNull(copy),
                        String.valueOf(ResourceUtil.getEncodingTypeFromUserData(copy)),
                        result);
                withoutWhatStorageSets(copy);
                results.byRequestObject.put(resource, validated);
                results.all.add(validated);
            }
        } catch (RuntimeException e) {
            // Nothing is decided here: storage validates this resource itself and reports what is wrong with it.
        }
    }

    /** Whether the resource storage has is what was validated: see the class comment. */
    private static boolean unchanged(Resource stored, Validated validated) {
        String body = ResourceUtil.getRawStringFromResourceOrNull(stored);
        if (!Objects.equals(body, validated.body())
                || (body != null
                        && !String.valueOf(ResourceUtil.getEncodingTypeFromUserData(stored))
                                .equals(validated.bodyEncoding()))) {
            return false;
        }
        // Compared without what storage sets, then put back as it was (the storage thread owns the resource here).
        IdType id = stored.getIdElement();
        Meta meta = stored.hasMeta() ? stored.getMeta() : null;
        IdType versionId = meta != null ? meta.getVersionIdElement() : null;
        InstantType lastUpdated = meta != null ? meta.getLastUpdatedElement() : null;
        UriType source = meta != null ? meta.getSourceElement() : null;
        try {
            stored.setIdElement(null);
            if (meta != null) {
                meta.setVersionIdElement(null);
                meta.setLastUpdatedElement(null);
                meta.setSourceElement(null);
            }
            return stored.equalsDeep(validated.copy());
        } finally {
            stored.setIdElement(id);
            if (meta != null) {
                meta.setVersionIdElement(versionId);
                meta.setLastUpdatedElement(lastUpdated);
                meta.setSourceElement(source);
            }
        }
    }

    /** The validated copy as compared: without the fields storage sets. */
    private static void withoutWhatStorageSets(Resource copy) {
        copy.setIdElement(null);
        if (copy.hasMeta()) {
            copy.getMeta().setVersionIdElement(null);
            copy.getMeta().setLastUpdatedElement(null);
            copy.getMeta().setSourceElement(null);
        }
    }

    private static List<IBaseResource> written(RestOperationTypeEnum operation, IBaseResource body) {
        if (body == null || operation == null) {
            return List.of();
        }
        if (operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE) {
            return List.of(body);
        }
        if ((operation == RestOperationTypeEnum.TRANSACTION || operation == RestOperationTypeEnum.BATCH)
                && body instanceof Bundle bundle) {
            List<IBaseResource> resources = new ArrayList<>();
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                Bundle.HTTPVerb method = entry.getRequest().getMethod();
                if (entry.getResource() != null && (method == Bundle.HTTPVerb.POST || method == Bundle.HTTPVerb.PUT)) {
                    resources.add(entry.getResource());
                }
            }
            return resources;
        }
        return List.of();
    }

    /** A copy, with the request body HAPI keeps on a parsed resource: the validator reads that body when it is there. */
    private static IBaseResource copyOf(IBaseResource resource) {
        if (!(resource instanceof Resource r)) {
            return resource;
        }
        Resource copy = r.copy();
        String raw = ResourceUtil.getRawStringFromResourceOrNull(resource);
        if (raw != null) {
            ResourceUtil.addRawDataToResource(copy, ResourceUtil.getEncodingTypeFromUserData(resource), raw);
        }
        return copy;
    }

    void shutdown() {
        workers.shutdownNow();
    }
}
