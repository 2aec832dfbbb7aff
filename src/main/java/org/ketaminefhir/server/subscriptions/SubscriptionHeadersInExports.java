package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * A Subscription's channel headers (a receiver's credentials) leave the server masked in a Bulk Data export too, as in
 * every response ({@link SubscriptionHeaderMasking}). The export runs as a batch job, outside any request: a storage
 * hook, on the export's own copy of the resource.
 */
@Interceptor(order = RequestPath.SUBSCRIPTION_HEADERS)
public class SubscriptionHeadersInExports {

    @Hook(Pointcut.STORAGE_BULK_EXPORT_RESOURCE_INCLUSION)
    public boolean include(IBaseResource resource) {
        if (resource instanceof Subscription subscription) {
            SubscriptionHeaders.mask(subscription);
        }
        return true;
    }
}
