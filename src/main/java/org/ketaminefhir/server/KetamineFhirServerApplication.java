package org.ketaminefhir.server;

import ca.uhn.fhir.batch2.jobs.config.Batch2JobsConfig;
import ca.uhn.fhir.jpa.batch2.JpaBatch2Config;
import ca.uhn.fhir.jpa.config.r4.JpaR4Config;
import ca.uhn.fhir.jpa.subscription.channel.config.SubscriptionChannelConfig;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.quartz.QuartzAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.server.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.thymeleaf.ThymeleafAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Entry point: a Spring Boot application that serves FHIR R4 at {@code /fhir} with HAPI's JPA storage.
 *
 * <p>Only the HAPI configuration the product uses is imported: the R4 JPA DAOs and resource providers, and the batch
 * framework that HAPI's package installer and reindexing rely on, with its in-memory message channels. No CQL, MDM, Elasticsearch or tester UI.
 */
// HAPI brings Elasticsearch, Quartz and Thymeleaf with it; the server uses none of them through Spring Boot.
@SpringBootApplication(
        exclude = {
            ElasticsearchRestClientAutoConfiguration.class,
            QuartzAutoConfiguration.class,
            ThymeleafAutoConfiguration.class,
            // Security is configured in security/: our own resource-server and authorization-server beans.
            OAuth2ResourceServerAutoConfiguration.class,
            OAuth2AuthorizationServerAutoConfiguration.class,
            OAuth2AuthorizationServerJwtAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        })
@Import({JpaR4Config.class, JpaBatch2Config.class, Batch2JobsConfig.class, SubscriptionChannelConfig.class})
public class KetamineFhirServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(KetamineFhirServerApplication.class, args);
    }
}
