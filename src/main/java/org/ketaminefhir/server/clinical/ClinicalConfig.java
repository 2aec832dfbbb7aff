package org.ketaminefhir.server.clinical;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import jakarta.persistence.EntityManagerFactory;
import org.ketaminefhir.server.clinical.eligibility.EligibilityOperation;
import org.ketaminefhir.server.clinical.eligibility.EligibilityRules;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.clinical.eligibility.ScreeningOutcomeRule;
import org.ketaminefhir.server.clinical.monitoring.VitalSignAlertInterceptor;
import org.ketaminefhir.server.clinical.monitoring.VitalSignAlerts;
import org.ketaminefhir.server.clinical.monitoring.VitalSignLimits;
import org.ketaminefhir.server.clinical.plan.PlanSettings;
import org.ketaminefhir.server.clinical.plan.TreatmentPlanOperation;
import org.ketaminefhir.server.clinical.progress.ProgressOperation;
import org.ketaminefhir.server.clinical.progress.ProgressSettings;
import org.ketaminefhir.server.clinical.rems.RemsSettings;
import org.ketaminefhir.server.clinical.rems.RemsSummaryOperation;
import org.ketaminefhir.server.clinical.session.DosingWeightSettings;
import org.ketaminefhir.server.clinical.session.SessionChart;
import org.ketaminefhir.server.clinical.session.SessionRules;
import org.ketaminefhir.server.clinical.session.SessionRulesInterceptor;
import org.ketaminefhir.server.clinical.session.SessionSettings;
import org.ketaminefhir.server.database.DatabaseDialect;
import org.ketaminefhir.server.database.PatientLocks;
import org.ketaminefhir.server.database.PatientWriteLock;
import org.ketaminefhir.server.fhir.TransactionBundles;
import org.ketaminefhir.server.ig.ImplementationGuidePackage;
import org.ketaminefhir.server.ig.KetamineProducts;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clinic's rules and operations, wired to HAPI: write rules as storage interceptors, operations as providers, each
 * reading its own settings record under {@code ketamine.rules} (validated at start-up).
 */
@Configuration
@EnableConfigurationProperties({
	PreDoseBloodPressure.class,
	EligibilitySettings.class,
	SessionSettings.class,
	DosingWeightSettings.class,
	VitalSignLimits.class,
	ProgressSettings.class,
	PlanSettings.class,
	RemsSettings.class
})
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
	public TransactionBundles transactionBundles(IInterceptorService interceptors) {
		return register(interceptors, new TransactionBundles());
	}

	@Bean
	public PatientLocks patientLocks(DataSourceProperties dataSource, EntityManagerFactory entityManagerFactory) {
		return new PatientLocks(DatabaseDialect.forJdbcUrl(dataSource.determineUrl()), entityManagerFactory);
	}

	@Bean
	public PatientWriteLock patientWriteLock(FhirContext fhirContext, PatientLocks locks, IInterceptorService interceptors) {
		return register(interceptors, new PatientWriteLock(fhirContext, locks));
	}

	@Bean
	public ScreeningEvaluation screeningEvaluation(
			PatientChart chart, IgTerms terms, EligibilitySettings eligibility, PreDoseBloodPressure predose) {
		return new ScreeningEvaluation(chart, terms, new EligibilityRules(eligibility, predose));
	}

	@Bean
	public ScreeningOutcomeRule screeningOutcomeRule(
			FhirContext fhirContext, ScreeningEvaluation evaluation, IInterceptorService interceptors) {
		return register(interceptors, new ScreeningOutcomeRule(fhirContext, evaluation));
	}

	@Bean
	public EligibilityOperation eligibilityOperation(FhirContext fhirContext, DaoRegistry daos,
			IHapiTransactionService transactions, PatientLocks locks, PatientChart chart, ScreeningEvaluation evaluation) {
		return new EligibilityOperation(fhirContext, daos, transactions, locks, chart, evaluation);
	}

	@Bean
	public TreatmentPlanOperation treatmentPlanOperation(FhirContext fhirContext, DaoRegistry daos,
			IHapiTransactionService transactions, PatientLocks locks, PatientChart chart, IgTerms terms,
			ScreeningEvaluation screenings, PlanSettings plan, EligibilitySettings eligibility, SessionSettings session) {
		return new TreatmentPlanOperation(
				fhirContext, daos, transactions, locks, chart, terms, screenings, plan, eligibility, session);
	}

	@Bean
	public ProgressOperation progressOperation(DaoRegistry daos, PatientChart chart, IgTerms terms, ProgressSettings progress) {
		return new ProgressOperation(daos, chart, terms, progress);
	}

	@Bean
	public RemsSummaryOperation remsSummaryOperation(FhirContext fhirContext, DaoRegistry daos, PatientChart chart,
			IgTerms terms, KetamineProducts products, RemsSettings rems) {
		return new RemsSummaryOperation(fhirContext, daos, chart, terms, products, rems);
	}

	/** The session rules: run on every session written, and by the CDS Hooks order check on draft orders. */
	@Bean
	public SessionRules sessionRules(SessionSettings session, EligibilitySettings eligibility, DosingWeightSettings dosingWeight) {
		return new SessionRules(session, eligibility, dosingWeight);
	}

	@Bean
	public SessionRulesInterceptor sessionRulesInterceptor(FhirContext fhirContext, PatientChart chart, IgTerms terms,
			ScreeningEvaluation screenings, KetamineProducts products, SessionRules rules, IInterceptorService interceptors) {
		return register(interceptors, new SessionRulesInterceptor(fhirContext, terms,
				new SessionChart(chart, terms, screenings, products), rules));
	}

	@Bean
	public VitalSignAlertInterceptor vitalSignAlertInterceptor(DaoRegistry daos, IgTerms terms, VitalSignLimits vitals,
			PreDoseBloodPressure predose, IInterceptorService interceptors) {
		return register(interceptors, new VitalSignAlertInterceptor(daos, terms, new VitalSignAlerts(vitals, predose)));
	}

	private static <T> T register(IInterceptorService interceptors, T interceptor) {
		interceptors.registerInterceptor(interceptor);
		return interceptor;
	}
}
