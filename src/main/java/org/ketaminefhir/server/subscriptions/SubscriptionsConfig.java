package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.subscription.channel.subscription.SubscriptionChannelRegistry;
import ca.uhn.fhir.jpa.subscription.match.config.SubscriptionProcessorConfig;
import ca.uhn.fhir.jpa.subscription.match.config.WebsocketDispatcherConfig;
import ca.uhn.fhir.jpa.subscription.match.deliver.email.IEmailSender;
import ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionRegistry;
import ca.uhn.fhir.jpa.subscription.submit.config.SubscriptionSubmitterConfig;
import ca.uhn.fhir.jpa.topic.SubscriptionTopicConfig;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.security.labels.SensitivityLabels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * FHIR Subscriptions with HAPI's subscription module: matching (in memory), rest-hook and websocket delivery, and R4
 * topic-based subscriptions the Subscriptions Backport way; with the clinic's rules around them
 * ({@link SubscriptionGate}, {@link SubscriptionHeaderMasking}, {@link NotificationDelivery}, {@link Redeliveries}).
 */
@Configuration
@ConditionalOnProperty(name = "ketamine.subscriptions.enabled", havingValue = "true", matchIfMissing = true)
@Import({
    SubscriptionSubmitterConfig.class,
    SubscriptionProcessorConfig.class,
    WebsocketDispatcherConfig.class,
    SubscriptionTopicConfig.class
})
public class SubscriptionsConfig {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionsConfig.class);

    /** HAPI's processor wants an email sender; email subscriptions are not among the supported channel types. */
    @Bean
    public IEmailSender emailSender() {
        return details -> {
            throw new UnsupportedOperationException("email subscriptions are not served");
        };
    }

    @Bean
    public Redeliveries redeliveries(
            JdbcTemplate jdbc,
            AlertSubscriptionSettings settings,
            SubscriptionRegistry subscriptions,
            SubscriptionChannelRegistry channels,
            FhirContext fhirContext) {
        return new Redeliveries(
                jdbc,
                RedeliveryPolicy.of(settings.redelivery()),
                subscriptions,
                channels,
                fhirContext,
                Clock.systemUTC());
    }

    /**
     * The clinic's rules around HAPI's subscriptions: who may subscribe and where to ({@link SubscriptionGate}), what
     * a notification carries and its retries ({@link NotificationDelivery}), headers masked in every answer.
     */
    @Bean
    public FhirEndpointPart subscriptionRules(
            FhirContext fhirContext,
            AlertSubscriptionSettings settings,
            SensitivityLabels labels,
            SubscriptionRegistry subscriptions,
            Redeliveries redeliveries) {
        SubscriptionGate gate = new SubscriptionGate(fhirContext, settings);
        NotificationDelivery delivery =
                new NotificationDelivery(fhirContext, labels, settings, subscriptions, redeliveries);
        return new FhirEndpointPart() {
            @Override
            public List<Object> storageInterceptors() {
                return List.of(gate, delivery);
            }

            @Override
            public List<Object> endpointInterceptors() {
                return List.of(new SubscriptionHeaderMasking());
            }
        };
    }

    @Bean
    public SafetyAlertTopic safetyAlertTopic(ImplementationGuidePackage guide) {
        return new SafetyAlertTopic(guide.canonicalBase());
    }

    /** The safety-alert topic is stored once the server (and the IG) are up. */
    @Bean
    public org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent>
            safetyAlertTopicInstaller(
                    SafetyAlertTopic topic,
                    ca.uhn.fhir.jpa.api.dao.DaoRegistry daos,
                    ca.uhn.fhir.jpa.topic.ISubscriptionTopicLoader loader) {
        return event -> topic.install(daos, loader);
    }

    /**
     * Sends the due retries every second, on every server (each retry is claimed by one); and re-reads the active
     * Subscriptions every 2 s. Any server of a cluster may match a write (HAPI's recorded writes are taken by whichever
     * server's turn comes first), and HAPI itself re-reads another server's new Subscription only once a minute: a
     * notification matched meanwhile on a server that did not know it yet would be lost.
     */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService redeliveryScheduler(
            Redeliveries redeliveries, ca.uhn.fhir.jpa.subscription.match.registry.SubscriptionLoader loader) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "subscription-redelivery");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        redeliveries.sendDue();
                    } catch (RuntimeException e) {
                        log.warn("Subscription redelivery round failed: {}", e.getMessage());
                    }
                },
                5,
                1,
                TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
                () -> {
                    try {
                        loader.forceRefresh();
                    } catch (RuntimeException e) {
                        log.warn("Re-reading the active subscriptions failed: {}", e.getMessage());
                    }
                },
                5,
                2,
                TimeUnit.SECONDS);
        return scheduler;
    }
}
