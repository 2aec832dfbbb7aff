package org.ketaminefhir.server.subscriptions;

import ca.uhn.fhir.jpa.model.config.SubscriptionSettings;
import org.ketaminefhir.server.fhir.FhirEndpointPart;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What holds whether subscriptions are served or not: the settings HAPI's JPA storage reads, and channel headers masked
 * in Bulk Data exports (stored Subscriptions are exported either way).
 */
@Configuration
@EnableConfigurationProperties(AlertSubscriptionSettings.class)
public class SubscriptionSettingsConfig {

    /** HAPI's subscription settings: rest-hook and websocket channels, writes handed to matching every interval. */
    @Bean
    public SubscriptionSettings subscriptionSettings(AlertSubscriptionSettings subscriptions) {
        SubscriptionSettings settings = new SubscriptionSettings();
        settings.addSupportedSubscriptionType(org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType.RESTHOOK);
        settings.addSupportedSubscriptionType(org.hl7.fhir.dstu2.model.Subscription.SubscriptionChannelType.WEBSOCKET);
        settings.setSubscriptionIntervalInMs(subscriptions.deliveryInterval().toMillis());
        return settings;
    }

    @Bean
    public FhirEndpointPart subscriptionHeadersInExports() {
        return FhirEndpointPart.storage(new SubscriptionHeadersInExports());
    }
}
