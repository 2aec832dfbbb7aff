package org.ketaminefhir.server.clinical.session;

import org.ketaminefhir.server.fhir.InterceptorOrder;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.RuleViolation;
import org.ketaminefhir.server.clinical.RuleViolation.Finding;
import org.ketaminefhir.server.clinical.eligibility.EligibilityOutcome;
import org.ketaminefhir.server.ig.KetamineProducts;

/** Runs {@link SessionRules} on every write of a session, after profile validation; a violation is a 422. */
@Interceptor
public class SessionRulesInterceptor {

	private final FhirContext fhirContext;
	private final PatientChart chart;
	private final IgTerms terms;
	private final SessionRules rules;
	private final KetamineProducts products;

	public SessionRulesInterceptor(
			FhirContext fhirContext, PatientChart chart, IgTerms terms, SessionRules rules, KetamineProducts products) {
		this.fhirContext = fhirContext;
		this.chart = chart;
		this.terms = terms;
		this.rules = rules;
		this.products = products;
	}

	@Hook(Pointcut.STORAGE_TRANSACTION_PROCESSING)
	public void beforeTransaction(IBaseBundle bundle, RequestDetails request) {
		if (bundle instanceof Bundle r4) {
			PatientChart.rememberTransaction(r4, request);
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = InterceptorOrder.CLINICAL_RULES)
	public void beforeCreate(IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = InterceptorOrder.CLINICAL_RULES)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		check(resource, request);
	}

	private void check(IBaseResource resource, RequestDetails request) {
		if (request instanceof SystemRequestDetails
				|| !(resource instanceof MedicationAdministration session)
				|| !terms.declares(session, "ketamine-session")
				|| session.getStatus() == MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR) {
			return;
		}
		if (!session.hasEffectivePeriod() || !session.getEffectivePeriod().hasStart() || !session.getSubject().hasReference()) {
			// Only reachable with profile validation switched off: the rules need to know who and when.
			throw RuleViolation.reject(fhirContext, "SESSION-START", "a session needs a subject and effectivePeriod.start",
					"MedicationAdministration.effectivePeriod.start");
		}
		List<Finding> findings = rules.check(facts(session, request));
		if (!findings.isEmpty()) {
			throw RuleViolation.reject(fhirContext, findings);
		}
	}

	SessionFacts facts(MedicationAdministration session, RequestDetails request) {
		String patient = session.getSubject().getReference();
		Instant start = session.getEffectivePeriod().getStart().toInstant();
		String selfId = session.getIdElement().hasIdPart() ? session.getIdElement().getIdPart() : null;

		List<Observation> candidates = new ArrayList<>(chart.screenings(patient));
		PatientChart.inThisTransaction(request, Observation.class).stream()
				.filter(o -> patient.equals(o.getSubject().getReference())
						&& IgTerms.hasCoding(o.getCode(), terms.observationCodes(), "ketamine-screening"))
				.forEach(candidates::add);
		List<Instant> screenings = new ArrayList<>();
		for (Observation screening : candidates) {
			String outcome = IgTerms.codeIn(screening.getValueCodeableConcept(), terms.codeSystem("eligibility-outcome"));
			EligibilityOutcome parsed = outcome == null ? null : EligibilityOutcome.fromCode(outcome);
			if (parsed != null && parsed.allowsTreatment() && screening.hasEffectiveDateTimeType()) {
				screenings.add(screening.getEffectiveDateTimeType().getValue().toInstant());
			}
		}
		List<MedicationAdministration> otherSessions = new ArrayList<>(chart.sessions(patient));
		PatientChart.inThisTransaction(request, MedicationAdministration.class).stream()
				.filter(ma -> ma != session && patient.equals(ma.getSubject().getReference()) && terms.declares(ma, "ketamine-session"))
				.filter(ma -> otherSessions.stream().noneMatch(stored -> stored.getIdElement().getIdPart().equals(ma.getIdElement().getIdPart())))
				.forEach(otherSessions::add);
		List<Instant> others = new ArrayList<>();
		for (MedicationAdministration other : otherSessions) {
			boolean same = selfId != null && selfId.equals(other.getIdElement().getIdPart());
			boolean counts = other.getStatus() != MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR
					&& other.getStatus() != MedicationAdministration.MedicationAdministrationStatus.NOTDONE;
			if (!same && counts && other.hasEffectivePeriod() && other.getEffectivePeriod().hasStart()) {
				others.add(other.getEffectivePeriod().getStart().toInstant());
			}
		}
		Map<String, String> overrides = new HashMap<>();
		for (Extension override : session.getExtensionsByUrl(terms.extension("rule-override"))) {
			Extension rule = override.getExtensionByUrl("rule");
			Extension reason = override.getExtensionByUrl("reason");
			if (rule != null) {
				overrides.put(rule.getValue().primitiveValue(), reason == null ? "" : reason.getValue().primitiveValue());
			}
		}
		MedicationAdministration.MedicationAdministrationDosageComponent dosage = session.getDosage();
		Extension perKg = dosage.getExtensionByUrl(terms.extension("dose-per-kg"));
		return new SessionFacts(
				products.isEsketamine(session),
				IgTerms.codeIn(dosage.getRoute(), IgTerms.SNOMED),
				dosage.hasDose() ? dosage.getDose().getValue() : null,
				perKg == null ? null : ((org.hl7.fhir.r4.model.Quantity) perKg.getValue()).getValue(),
				session.getStatus() == MedicationAdministration.MedicationAdministrationStatus.COMPLETED,
				start,
				overrides,
				screenings,
				others,
				monitoringMinutes(session, start, request));
	}


	/**
	 * Monitoring time: the discharge-readiness "minutes monitored" of this session if recorded, else from the start of
	 * administration to the end of the session Encounter.
	 */
	private Long monitoringMinutes(MedicationAdministration session, Instant start, RequestDetails request) {
		if (session.getIdElement().hasIdPart()) {
			for (Observation observation : chart.partOf("MedicationAdministration/" + session.getIdElement().getIdPart())) {
				org.hl7.fhir.r4.model.Quantity minutes =
						IgTerms.componentQuantity(observation, terms.observationCodes(), "minutes-monitored");
				if (terms.declares(observation, "ketamine-discharge-readiness") && minutes != null) {
					return minutes.getValue().longValue();
				}
			}
		}
		return chart.resolve(session.getContext(), Encounter.class)
				.or(() -> PatientChart.inThisTransaction(request, Encounter.class, session.getContext()))
				.filter(e -> e.hasPeriod() && e.getPeriod().hasEnd())
				.map(e -> Duration.between(start, e.getPeriod().getEnd().toInstant()).toMinutes())
				.orElse(null);
	}
}
