package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.labels.SensitivityLabels;

/**
 * Labelled (mental-health) resources go into a Bulk Data export only when the token that started it had the
 * sensitive-data scope; they keep their labels in {@code meta.security}. Called by HAPI for each resource an export
 * writes (the export runs as a batch job, without the request: the kick-off stamped what its token allowed on the job,
 * see {@link BulkExportGate}). Registered with HAPI's storage interceptors.
 */
@Interceptor(order = RequestPath.BULK_EXPORT_RELEASE)
public class BulkExportRelease {

    private final SensitivityLabels labels;

    public BulkExportRelease(SensitivityLabels labels) {
        this.labels = labels;
    }

    @Hook(Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION)
    public boolean include(BulkExportJobParameters export, IBaseResource resource) {
        boolean withoutLabelled =
                BulkExportAccess.leavesOutLabelledData(export.getBinarySecurityContextIdentifierSystem());
        return !(withoutLabelled && resource instanceof Resource r && labels.isRestricted(r));
    }
}
