package org.ketaminefhir.server.clinical.eligibility;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.fhir.OperationProvider;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.RuleViolation;
import org.ketaminefhir.server.clinical.RuleViolation.Finding;

/**
 * {@code POST /Patient/{id}/$ketamine-eligibility}: evaluates the patient's latest screening with the baseline vital
 * signs, weight and scores it links to, stores the outcome and its reasons (each naming its rule) on the screening, and
 * returns it.
 */
public class EligibilityOperation implements OperationProvider {

	public static final String NO_SCREENING = "ELIG-NO-SCREENING";

	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final PatientChart chart;
	private final IgTerms terms;
	private final EligibilityRules rules;

	public EligibilityOperation(
			FhirContext fhirContext, DaoRegistry daos, PatientChart chart, IgTerms terms, EligibilityRules rules) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.chart = chart;
		this.terms = terms;
		this.rules = rules;
	}

	@Description(shortDefinition = "Evaluates the patient's latest ketamine screening (with the baseline vitals, weight and scores it links to), stores the eligibility outcome and its reasons (each naming its rule id) on the screening and returns it.")
	@Operation(name = "$ketamine-eligibility", type = Patient.class, idempotent = false)
	public Observation evaluate(@IdParam IdType patientId, RequestDetails request) {
		daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
		String patient = patientId.toUnqualifiedVersionless().getValue();
		Observation screening = chart.latestScreening(patient).orElseThrow(() -> RuleViolation.reject(
				fhirContext, NO_SCREENING, "patient " + patient + " has no ketamine screening to evaluate", "Patient"));

		EligibilityRules.Decision decision = rules.decide(facts(screening, request));

		screening.setStatus(Observation.ObservationStatus.FINAL);
		screening.setValue(new CodeableConcept(new Coding(
				terms.codeSystem("eligibility-outcome"), decision.outcome().code(), decision.outcome().display())));
		screening.getExtension().removeIf(e -> terms.extension("eligibility-reason").equals(e.getUrl()));
		for (Finding reason : decision.reasons()) {
			Extension extension = screening.addExtension().setUrl(terms.extension("eligibility-reason"));
			extension.addExtension("rule", new StringType(reason.ruleId()));
			extension.addExtension("detail", new StringType(reason.message()));
		}
		return (Observation) daos.getResourceDao(Observation.class).update(screening, request).getResource();
	}

	ScreeningFacts facts(Observation screening, RequestDetails request) {
		String cs = terms.observationCodes();
		Map<String, Boolean> flags = new HashMap<>();
		boolean indication = false;
		boolean trd = false;
		Integer trials = null;
		String pregnancy = null;
		for (Observation.ObservationComponentComponent component : screening.getComponent()) {
			String code = IgTerms.codeIn(component.getCode(), cs);
			if (code == null || !component.hasValue()) {
				continue;
			}
			switch (code) {
				case "indication" -> {
					indication = true;
					trd = component.hasValueCodeableConcept()
							&& IgTerms.hasCoding(component.getValueCodeableConcept(), IgTerms.SNOMED, "1153570009");
				}
				case "adequate-antidepressant-trials" -> trials = component.hasValueIntegerType() ? component.getValueIntegerType().getValue() : null;
				case "pregnancy-status" -> pregnancy = component.hasValueCodeableConcept()
						? IgTerms.codeIn(component.getValueCodeableConcept(), terms.codeSystem("pregnancy-status")) : null;
				default -> {
					if (component.hasValueBooleanType()) {
						flags.put(code, component.getValueBooleanType().booleanValue());
					}
				}
			}
		}
		Integer systolic = null;
		Integer diastolic = null;
		boolean weight = false;
		boolean score = false;
		for (Reference member : screening.getHasMember()) {
			Observation observation = chart.resolve(member, Observation.class).orElse(null);
			if (observation == null) {
				continue;
			}
			if (IgTerms.hasCoding(observation.getCode(), IgTerms.LOINC, "85354-9")) {
				systolic = componentValue(observation, "8480-6");
				diastolic = componentValue(observation, "8462-4");
			} else if (IgTerms.hasCoding(observation.getCode(), IgTerms.LOINC, "29463-7") && observation.hasValueQuantity()) {
				weight = true;
			} else if (terms.declares(observation, "ketamine-score")) {
				score = true;
			}
		}
		return new ScreeningFacts(flags, indication, trials, pregnancy, systolic, diastolic, weight, score, trd);
	}

	/** A blood-pressure component in whole mmHg, rounded up so that 140.2 counts as above 140; or null. */
	static Integer componentValue(Observation observation, String loinc) {
		Quantity quantity = IgTerms.componentQuantity(observation, IgTerms.LOINC, loinc);
		return quantity == null || quantity.getValue() == null ? null
				: quantity.getValue().setScale(0, java.math.RoundingMode.CEILING).intValue();
	}
}
