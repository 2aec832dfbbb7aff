package org.ketaminefhir.server.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.util.ResourceUtil;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * Validates a request's resources before its database transaction opens (the entries of a transaction or batch bundle
 * in parallel, one worker per core), and hands each result to the storage hook, which reuses it only for a resource
 * that reaches storage exactly as it was validated. What is accepted and refused, and where, does not change: the
 * storage hook still decides for every resource and still throws the refusal at the same place in the same order; a
 * resource HAPI changed on the way (a placeholder reference replaced by the id it was given, say) has another
 * fingerprint and is validated again at storage, as before. What changes is when the work happens: while the validator
 * runs, no database connection is held, and a bundle's entries share the cores.
 *
 * <p>The fingerprint is a SHA-256 of the resource's JSON without the fields storage itself sets (resource id,
 * meta.versionId, meta.lastUpdated, meta.source), and of the request body HAPI keeps on the resource if it kept one. Before fingerprinting, the early copy gets what the storage hooks
 * ordered before validation put on a resource (the sensitivity labels), so that an unchanged resource matches.
 */
final class EarlyValidation {

    private static final String KEY = EarlyValidation.class.getName() + ".results";
    private static final Set<String> SET_BY_STORAGE =
            Set.of("*.id", "*.meta.versionId", "*.meta.lastUpdated", "*.meta.source");

    private final FhirContext fhirContext;
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
        this.fhirContext = fhirContext;
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
        Map<String, ValidationResult> results = new ConcurrentHashMap<>();
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
        if (request == null || !(request.getUserData().get(KEY) instanceof Map<?, ?> results) || results.isEmpty()) {
            return null;
        }
        return (ValidationResult) results.get(fingerprint(resource));
    }

    private void validateOne(IBaseResource resource, Map<String, ValidationResult> results) {
        try {
            IBaseResource prepared = beforeValidation.apply(copyOf(resource));
            results.put(fingerprint(prepared), validation.apply(prepared));
        } catch (RuntimeException e) {
            // Nothing is decided here: storage validates this resource itself and reports what is wrong with it.
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

    /**
     * What the validator's answer depends on: the resource (its profiles are read from it) and, when HAPI kept it, the
     * body the client sent (the validator reads that rather than the parsed resource, so that an element HAPI's parser
     * dropped is still reported).
     */
    String fingerprint(IBaseResource resource) {
        IParser parser = fhirContext.newJsonParser();
        parser.setDontEncodeElements(SET_BY_STORAGE);
        parser.setOmitResourceId(true);
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(parser.encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
            String raw = ResourceUtil.getRawStringFromResourceOrNull(resource);
            if (raw != null) {
                sha.update((byte) 0);
                sha.update(String.valueOf(ResourceUtil.getEncodingTypeFromUserData(resource))
                        .getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(raw.getBytes(StandardCharsets.UTF_8));
            }
            byte[] digest = sha.digest();
            return resource.fhirType() + ":" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    void shutdown() {
        workers.shutdownNow();
    }
}
