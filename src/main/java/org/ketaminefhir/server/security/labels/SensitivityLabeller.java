package org.ketaminefhir.server.security.labels;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * Stores the sensitivity labels on every write of sensitive data, whoever writes it (an app, a transaction entry, the
 * server raising an alert): registered with HAPI's storage, not only with the REST endpoint.
 */
@Interceptor(order = RequestPath.LABELS)
public class SensitivityLabeller {

    private final SensitivityLabels labels;

    public SensitivityLabeller(SensitivityLabels labels) {
        this.labels = labels;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource) {
        label(resource);
    }

    /**
     * A record once labelled stays labelled, even if it no longer looks sensitive: HAPI keeps one set of tags per
     * record (tag storage {@code NON_VERSIONED}, {@code JpaStorageConfig}) and shows it on every version, so the labels of
     * the current version must cover what every earlier version held.
     */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
        if (previous instanceof Resource before && resource instanceof Resource after && labels.isRestricted(before)) {
            labels.label(after);
            return;
        }
        label(resource);
    }

    /** Puts the labels on the resource if it is sensitive data; returns it. */
    public IBaseResource label(IBaseResource resource) {
        if (resource instanceof Resource r && labels.isSensitive(r)) {
            labels.label(r);
        }
        return resource;
    }
}
