package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.ResponseDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Subscription;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * Every response of the FHIR endpoint shows a Subscription's headers masked ({@link SubscriptionHeaders}): a read, a
 * search or history page, and the answer to a create or update. The response gets a masked copy; the resource HAPI
 * stored and delivers with is never touched.
 */
@Interceptor(order = RequestPath.SUBSCRIPTION_HEADERS)
public class SubscriptionHeaderMasking {

    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean outgoing(RequestDetails request, ResponseDetails response) {
        IBaseResource resource = response.getResponseResource();
        if (resource instanceof Subscription subscription
                && subscription.getChannel().hasHeader()) {
            Subscription copy = subscription.copy();
            SubscriptionHeaders.mask(copy);
            response.setResponseResource(copy);
        } else if (resource instanceof Bundle bundle
                && bundle.getEntry().stream()
                        .anyMatch(e -> e.getResource() instanceof Subscription s
                                && s.getChannel().hasHeader())) {
            Bundle copy = bundle.copy();
            copy.getEntry().stream()
                    .filter(e -> e.getResource() instanceof Subscription)
                    .forEach(e -> SubscriptionHeaders.mask((Subscription) e.getResource()));
            response.setResponseResource(copy);
        }
        return true;
    }
}
