package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.cache.BaseResourceCacheSynchronizer;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.topic.ISubscriptionTopicLoader;
import ca.uhn.fhir.jpa.topic.R4SubscriptionTopicBuilder;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topic of the server's safety alerts, for topic-based subscriptions the way the Subscriptions R5 Backport IG
 * defines them for R4: R4 has no SubscriptionTopic resource, so the topic is a {@code Basic} with code
 * {@code http://hl7.org/fhir/fhir-types|SubscriptionTopic} and the R5 topic's elements as cross-version extensions
 * (built with HAPI's {@link R4SubscriptionTopicBuilder}). It fires when an open alert (a preliminary DetectedIssue) is
 * created or updated, can be filtered by patient and code, and is stored at start-up when missing or changed.
 */
public class SafetyAlertTopic {

    private static final Logger log = LoggerFactory.getLogger(SafetyAlertTopic.class);
    static final String ID = "ketamine-safety-alert";

    private final String url;

    /** @param canonicalBase the IG's canonical base, e.g. {@code https://ketaminefhir.org/ig} */
    public SafetyAlertTopic(String canonicalBase) {
        this.url = canonicalBase + "/SubscriptionTopic/safety-alert";
    }

    public String url() {
        return url;
    }

    Basic build() {
        return new R4SubscriptionTopicBuilder()
                .setId(ID)
                .setUrl(url)
                .setVersion("1")
                .setName("KetamineSafetyAlert")
                .setTitle("Ketamine session safety alert")
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDescription(
                        "An open safety alert (a preliminary DetectedIssue) raised for a ketamine session: a vital sign"
                                + " beyond the configured limits, or a pre-dose blood pressure above the configured level.")
                .addResourceTrigger()
                .setResourceTriggerDescription("An open alert is raised or changed")
                .setResourceTriggerResource("DetectedIssue")
                .addResourceTriggerSupportedInteraction("create")
                .addResourceTriggerSupportedInteraction("update")
                .addResourceTriggerQueryCriteria()
                .setResourceTriggerQueryCriteriaCurrent("DetectedIssue?status=preliminary")
                .setResourceTriggerQueryCriteriaRequireBoth(false)
                .addCanFilterBy()
                .setCanFilterByDescription("The patient the alert is about")
                .setCanFilterByResource("DetectedIssue")
                .setCanFilterByParameter("patient")
                .addCanFilterBy()
                .setCanFilterByDescription("The kind of alert (code of the IG's alert CodeSystem)")
                .setCanFilterByResource("DetectedIssue")
                .setCanFilterByParameter("code")
                .addNotificationShape()
                .setNotificationShapeResource("DetectedIssue")
                .build();
    }

    /** Stores the topic if it is missing or differs, and has HAPI's topic cache read it now. */
    public void install(DaoRegistry daos, ISubscriptionTopicLoader loader) {
        Basic topic = build();
        var dao = daos.getResourceDao(Basic.class);
        try {
            Basic stored = dao.read(new IdType("Basic", ID), new SystemRequestDetails());
            Basic comparable = stored.copy();
            comparable.setMeta(null);
            comparable.setId((String) null);
            Basic wanted = topic.copy();
            wanted.setId((String) null);
            if (comparable.equalsDeep(wanted)) {
                refresh(loader);
                return;
            }
        } catch (ResourceNotFoundException | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException missing) {
            // stored below
        }
        try {
            dao.update(topic, new SystemRequestDetails());
        } catch (ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException another) {
            log.info("Subscription topic {}: another server stored it at the same moment", url);
        }
        log.info("Subscription topic {} stored as Basic/{}", url, ID);
        refresh(loader);
    }

    private static void refresh(ISubscriptionTopicLoader loader) {
        if (loader instanceof BaseResourceCacheSynchronizer synchronizer) {
            synchronizer.forceRefresh();
        }
    }
}
