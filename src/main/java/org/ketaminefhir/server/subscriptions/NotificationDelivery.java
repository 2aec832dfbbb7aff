package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscription;
import ca.uhn.fhir.jpa.subscription.model.CanonicalSubscriptionChannelType;
import ca.uhn.fhir.jpa.subscription.model.ResourceDeliveryMessage;
import ca.uhn.fhir.jpa.subscription.model.ResourceModifiedMessage;
import ca.uhn.fhir.rest.api.EncodingEnum;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.labels.SensitivityLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPI's subscription delivery, with the clinic's rules: writes are queued for matching only while some subscription
 * is active (no cost otherwise); a notification carries a labelled resource only when the subscription's author may
 * receive sensitive data, else just its type and id; a rest-hook whose endpoint is no longer allowed is not called; a
 * failed rest-hook delivery goes to {@link Redeliveries} (HAPI's own in-memory retries would give up within a minute).
 */
@Interceptor(order = RequestPath.NOTIFICATION_DELIVERY)
public class NotificationDelivery {

    private static final Logger log = LoggerFactory.getLogger(NotificationDelivery.class);

    private final FhirContext fhirContext;
    private final SensitivityLabels labels;
    private final AlertSubscriptionSettings settings;
    private final SubscriptionRegistry subscriptions;
    private final Redeliveries redeliveries;

    public NotificationDelivery(
            FhirContext fhirContext,
            SensitivityLabels labels,
            AlertSubscriptionSettings settings,
            SubscriptionRegistry subscriptions,
            Redeliveries redeliveries) {
        this.fhirContext = fhirContext;
        this.labels = labels;
        this.settings = settings;
        this.subscriptions = subscriptions;
        this.redeliveries = redeliveries;
    }

    /** A write is recorded for matching only if a subscription is active (a Subscription itself always is). */
    @Hook(Pointcut.SUBSCRIPTION_RESOURCE_MODIFIED)
    public boolean modified(ResourceModifiedMessage message) {
        return subscriptions.size() > 0
                || "Subscription".equals(message.getPayloadId(fhirContext).getResourceType());
    }

    @Hook(Pointcut.SUBSCRIPTION_BEFORE_REST_HOOK_DELIVERY)
    public boolean beforeRestHook(CanonicalSubscription subscription, ResourceDeliveryMessage message) {
        if (!settings.allows(subscription.getEndpointUrl())) {
            log.warn(
                    "Subscription {}: endpoint {} is no longer in ketamine.subscriptions.allowed-endpoints; not called",
                    subscription.getIdElementString(),
                    subscription.getEndpointUrl());
            return false;
        }
        // Parsed here from the message's text: HAPI keeps the first parse of a payload and would deliver that one.
        String text = message.getPayloadString();
        IBaseResource payload = text == null || text.isBlank()
                ? null
                : EncodingEnum.detectEncoding(text).newParser(fhirContext).parseResource(text);
        boolean authorSensitive =
                SubscriptionGate.SENSITIVE.equals(subscription.getTags().get(SubscriptionGate.AUTHOR_SYSTEM));
        if (!authorSensitive && payload != null) {
            IBaseResource reduced = withoutLabelledContent(payload);
            if (reduced != payload) {
                message.setPayload(fhirContext, reduced, EncodingEnum.JSON);
            }
        }
        return true;
    }

    /**
     * The payload with each labelled resource reduced to its id: the resource itself, or the entries of a topic
     * notification bundle. The same object when nothing is labelled.
     */
    IBaseResource withoutLabelledContent(IBaseResource payload) {
        if (payload instanceof org.hl7.fhir.r4.model.Bundle bundle) {
            if (bundle.getEntry().stream()
                    .noneMatch(e -> e.getResource() != null && labels.isRestricted(e.getResource()))) {
                return payload;
            }
            org.hl7.fhir.r4.model.Bundle copy = bundle.copy();
            for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent entry : copy.getEntry()) {
                if (entry.getResource() != null && labels.isRestricted(entry.getResource())) {
                    entry.setResource(idOnly(entry.getResource()));
                }
            }
            return copy;
        }
        return payload instanceof Resource resource && labels.isRestricted(resource) ? idOnly(resource) : payload;
    }

    /** The resource reduced to its type, id and version: what a receiver without the sensitive-data scope gets. */
    static Resource idOnly(Resource resource) {
        Resource reduced = newOfType(resource);
        reduced.setId(resource.getIdElement());
        reduced.getMeta()
                .setVersionId(resource.getMeta().getVersionId())
                .setLastUpdated(resource.getMeta().getLastUpdated());
        return reduced;
    }

    private static Resource newOfType(Resource resource) {
        try {
            return resource.getClass().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    @Hook(Pointcut.SUBSCRIPTION_AFTER_DELIVERY_FAILED)
    public boolean failed(ResourceDeliveryMessage message, Exception error) {
        if (message.getSubscription() == null
                || message.getSubscription().getChannelType() != CanonicalSubscriptionChannelType.RESTHOOK) {
            return true;
        }
        if (acknowledgedWithoutBody(error)) {
            // A topic notification is POSTed as a Bundle, and HAPI's client wants a Bundle back; a receiver's plain 2xx
            // is an acknowledgement all the same (Subscriptions Backport IG).
            redeliveries.delivered(message);
            return false;
        }
        redeliveries.failed(message, error);
        return false; // our queue retries it, not HAPI's channel
    }

    static boolean acknowledgedWithoutBody(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException response
                    && response.getStatusCode() >= 200
                    && response.getStatusCode() < 300) {
                return true;
            }
        }
        return false;
    }

    @Hook(Pointcut.SUBSCRIPTION_AFTER_DELIVERY)
    public void delivered(ResourceDeliveryMessage message) {
        redeliveries.delivered(message);
    }
}
