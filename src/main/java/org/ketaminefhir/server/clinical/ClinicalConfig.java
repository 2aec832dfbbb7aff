package org.ketaminefhir.server.clinical;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import org.ketaminefhir.server.clinical.eligibility.EligibilityOperation;
import org.ketaminefhir.server.clinical.eligibility.EligibilityRules;
import org.ketaminefhir.server.clinical.monitoring.VitalSignAlertInterceptor;
import org.ketaminefhir.server.clinical.monitoring.VitalSignAlerts;
import org.ketaminefhir.server.clinical.plan.TreatmentPlanOperation;
import org.ketaminefhir.server.clinical.progress.ProgressOperation;
import org.ketaminefhir.server.clinical.rems.RemsSummaryOperation;
import org.ketaminefhir.server.clinical.session.SessionRules;
import org.ketaminefhir.server.clinical.session.SessionRulesInterceptor;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The clinic's rules and operations, wired to HAPI: write rules as storage interceptors, operations as providers. */
@Configuration
@EnableConfigurationProperties(ClinicalRulesProperties.class)
public class ClinicalConfig {

	@Bean
	public IgTerms igTerms(ImplementationGuidePackage guide) {
		return new IgTerms(guide);
	}

	@Bean
	public PatientChart patientChart(DaoRegistry daos, IgTerms terms) {
		return new PatientChart(daos, terms);
	}

	@Bean
	public EligibilityOperation eligibilityOperation(
			FhirContext fhirContext, DaoRegistry daos, PatientChart chart, IgTerms terms, ClinicalRulesProperties rules) {
		return new EligibilityOperation(fhirContext, daos, chart, terms, new EligibilityRules(rules.getEligibility()));
	}

	@Bean
	public TreatmentPlanOperation treatmentPlanOperation(
			FhirContext fhirContext, DaoRegistry daos, PatientChart chart, IgTerms terms, ClinicalRulesProperties rules) {
		return new TreatmentPlanOperation(fhirContext, daos, chart, terms, rules);
	}

	@Bean
	public ProgressOperation progressOperation(DaoRegistry daos, PatientChart chart, IgTerms terms, ClinicalRulesProperties rules) {
		return new ProgressOperation(daos, chart, terms, rules);
	}

	@Bean
	public RemsSummaryOperation remsSummaryOperation(
			FhirContext fhirContext, DaoRegistry daos, PatientChart chart, IgTerms terms, KetamineProducts products) {
		return new RemsSummaryOperation(fhirContext, daos, chart, terms, products);
	}

	@Bean
	public SessionRulesInterceptor sessionRulesInterceptor(
			FhirContext fhirContext,
			PatientChart chart,
			IgTerms terms,
			ClinicalRulesProperties rules,
			KetamineProducts products,
			IInterceptorService interceptors) {
		SessionRulesInterceptor interceptor =
				new SessionRulesInterceptor(fhirContext, chart, terms, new SessionRules(rules), products);
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}

	@Bean
	public VitalSignAlertInterceptor vitalSignAlertInterceptor(
			DaoRegistry daos, IgTerms terms, ClinicalRulesProperties rules, IInterceptorService interceptors) {
		VitalSignAlertInterceptor interceptor =
				new VitalSignAlertInterceptor(daos, terms, new VitalSignAlerts(rules.getVitals()));
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}
}
