package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Subscription;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.security.Caller;

/**
 * What a Subscription may be, checked when it is written (by whoever writes it, at HAPI's storage hook): a rest-hook
 * endpoint must start with one of {@code ketamine.subscriptions.allowed-endpoints} (a notification carries PHI, so it
 * goes only where the clinic has agreed); the server records whether its author may receive sensitive data (the tag
 * {@link #AUTHOR_SYSTEM}, which decides what its notifications carry); and headers the client sent back masked keep
 * their stored values. Who may write a Subscription at all is decided by the SMART rules (a write scope on
 * Subscription).
 */
@Interceptor(order = RequestPath.SUBSCRIPTION_GATE)
public class SubscriptionGate {

    /** Tag system of the author's permission: {@code sensitive} or {@code not-sensitive}; set by the server only. */
    public static final String AUTHOR_SYSTEM = "urn:ketamine-fhir:subscription-author";

    public static final String SENSITIVE = "sensitive";
    public static final String NOT_SENSITIVE = "not-sensitive";

    /** HAPI's payload extensions that would send more than the matching resource (or re-read it whole). */
    static final java.util.List<String> REFUSED_EXTENSIONS = java.util.List.of(
            ca.uhn.fhir.util.HapiExtensions.EXT_SUBSCRIPTION_PAYLOAD_SEARCH_CRITERIA,
            ca.uhn.fhir.util.HapiExtensions.EXT_SUBSCRIPTION_RESTHOOK_DELIVER_LATEST_VERSION);

    private final FhirContext fhirContext;
    private final AlertSubscriptionSettings settings;

    public SubscriptionGate(FhirContext fhirContext, AlertSubscriptionSettings settings) {
        this.fhirContext = fhirContext;
        this.settings = settings;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        if (resource instanceof Subscription subscription) {
            check(subscription, null, request);
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (resource instanceof Subscription subscription) {
            check(subscription, previous instanceof Subscription stored ? stored : null, request);
        }
    }

    private void check(Subscription subscription, Subscription stored, RequestDetails request) {
        Caller caller = Caller.of(request).orElse(null);
        // HAPI itself writes Subscriptions too (activating them): those writes keep what the author's write decided.
        boolean serverWrite = caller == null || caller.isServer();
        Subscription.SubscriptionChannelType type = subscription.getChannel().getType();
        if (!serverWrite
                && type == Subscription.SubscriptionChannelType.RESTHOOK
                && !settings.allows(subscription.getChannel().getEndpoint())) {
            throw refuse(
                    settings.allowedEndpoints().isEmpty()
                            ? "rest-hook subscriptions are not allowed here: ketamine.subscriptions.allowed-endpoints is empty"
                            : "channel.endpoint " + subscription.getChannel().getEndpoint()
                                    + " does not start with an allowed prefix " + settings.allowedEndpoints()
                                    + " (ketamine.subscriptions.allowed-endpoints)");
        }
        if (!serverWrite) {
            for (String refused : REFUSED_EXTENSIONS) {
                if (subscription.hasExtension(refused)
                        || subscription.getChannel().hasExtension(refused)) {
                    throw refuse(
                            "the extension " + refused + " is not supported here: a notification carries the matching"
                                    + " resource as it was written (or only its id, see docs/exchange.md, \"Subscriptions\")");
                }
            }
        }
        if (stored != null) {
            SubscriptionHeaders.unmask(subscription, stored);
        }
        boolean sensitive = serverWrite && stored != null
                ? SENSITIVE.equals(authorTag(stored))
                : caller != null && caller.sensitive();
        subscription.getMeta().getTag().removeIf(tag -> AUTHOR_SYSTEM.equals(tag.getSystem()));
        subscription
                .getMeta()
                .addTag(
                        AUTHOR_SYSTEM,
                        sensitive ? SENSITIVE : NOT_SENSITIVE,
                        sensitive ? "Author may receive sensitive data" : "Author may not receive sensitive data");
    }

    static String authorTag(Subscription subscription) {
        return subscription.getMeta().getTag().stream()
                .filter(tag -> AUTHOR_SYSTEM.equals(tag.getSystem()))
                .map(tag -> tag.getCode())
                .findFirst()
                .orElse(null);
    }

    private UnprocessableEntityException refuse(String why) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.BUSINESSRULE)
                .setDiagnostics(why)
                .addExpression("Subscription.channel.endpoint");
        return new UnprocessableEntityException(fhirContext, outcome);
    }
}
