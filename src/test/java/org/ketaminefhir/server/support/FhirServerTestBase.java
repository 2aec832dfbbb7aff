package org.ketaminefhir.server.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import org.ketaminefhir.server.KetamineFhirServerApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that talk to the running server: one server on a random port and one PostgreSQL database, shared
 * by every test class that extends this (Spring caches the context), reached over HTTP with HAPI's generic client.
 */
@SpringBootTest(classes = KetamineFhirServerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class FhirServerTestBase {

	public static final FhirContext FHIR = FhirContext.forR4Cached();

	static {
		FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
		FHIR.getRestfulClientFactory().setSocketTimeout(60_000);
	}

	@LocalServerPort
	protected int port;

	@DynamicPropertySource
	static void sharedPostgres(DynamicPropertyRegistry registry) {
		TestDatabases.TestDatabase db = TestDatabases.shared();
		registry.add("spring.datasource.url", db::url);
		registry.add("spring.datasource.username", db::user);
		registry.add("spring.datasource.password", db::password);
	}

	protected String fhirBase() {
		return "http://localhost:" + port + "/fhir";
	}

	protected IGenericClient client() {
		return FHIR.newRestfulGenericClient(fhirBase());
	}
}
