package org.ketaminefhir.server.ig;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.database.DatabaseDialect;
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
	public ApplicationListener<ApplicationStartedEvent> demoJourney(ImplementationGuidePackage guide, DaoRegistry daos,
			DataSourceProperties dataSource, @Value("${ketamine.demo-data:auto}") String setting) {
		boolean on = DemoJourney.isOn(setting, DatabaseDialect.forJdbcUrl(dataSource.determineUrl()));
		return event -> {
			if (on) {
				new DemoJourney(guide, daos).load();
			}
		};
	}
}
