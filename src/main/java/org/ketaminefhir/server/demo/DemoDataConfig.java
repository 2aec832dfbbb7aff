package org.ketaminefhir.server.demo;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.util.List;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.security.SecurityProperties;
import org.ketaminefhir.server.security.authserver.DemoClinic;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The demo journey ({@link DemoJourney}), recorded once the server has started and before it reports ready. */
@Configuration
public class DemoDataConfig {

    @Bean
    public ApplicationListener<ApplicationStartedEvent> demoJourney(
            ImplementationGuidePackage guide,
            DaoRegistry daos,
            DataSourceProperties dataSource,
            SecurityProperties security,
            @Value("${ketamine.demo-data:auto}") String setting) {
        DatabaseDialect dialect = DatabaseDialect.forJdbcUrl(dataSource.determineUrl());
        boolean on = DemoJourney.isOn(setting, dialect);
        List<String> staff =
                DemoClinic.isOn(security.demo(), dialect) && security.demo().users() != null
                        ? security.demo().users().stream()
                                .map(SecurityProperties.User::fhirUser)
                                .toList()
                        : List.of();
        return event -> {
            if (on) {
                new DemoJourney(guide, daos, staff).load();
            }
        };
    }
}
