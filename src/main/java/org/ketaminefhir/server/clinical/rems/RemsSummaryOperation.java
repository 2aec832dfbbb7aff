package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.ketaminefhir.server.clinical.BloodPressure;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.SessionTimePoint;
import org.ketaminefhir.server.fhir.RuleViolation;
import org.ketaminefhir.server.fhir.OperationProvider;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * {@code GET /MedicationAdministration/{id}/$rems-summary}: the SPRAVATO REMS Patient Monitoring Form fields of an
 * esketamine session, derived from its records (patient, treatment date, dose, lot, concomitant medication flags from
 * the latest screening, blood pressure before dosing, at 40 minutes and before completion, vital signs acceptable,
 * sedation, total monitoring minutes), and a list of what is missing. Not an esketamine session: 422.
 */
public class RemsSummaryOperation implements OperationProvider {

	public static final String NOT_ESKETAMINE = "REMS-ESKETAMINE-ONLY";

	private final FhirContext fhirContext;
	private final DaoRegistry daos;
	private final PatientChart chart;
	private final IgTerms terms;
	private final KetamineProducts products;
	private final RemsSettings settings;

	public RemsSummaryOperation(FhirContext fhirContext, DaoRegistry daos, PatientChart chart, IgTerms terms,
			KetamineProducts products, RemsSettings settings) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.chart = chart;
		this.terms = terms;
		this.products = products;
		this.settings = settings;
	}

	@Description(shortDefinition = "SPRAVATO REMS Patient Monitoring Form fields of an esketamine session, derived from its records, with what is missing. 422 for other sessions.")
	@Operation(name = "$rems-summary", type = MedicationAdministration.class, idempotent = true)
	public Parameters summary(@IdParam IdType sessionId, RequestDetails request) {
		MedicationAdministration session = daos.getResourceDao(MedicationAdministration.class)
				.read(sessionId.toUnqualifiedVersionless(), request);
		if (!products.isEsketamine(session)) {
			throw RuleViolation.reject(fhirContext, NOT_ESKETAMINE,
					"the REMS Patient Monitoring Form applies to esketamine sessions only", "MedicationAdministration.medication");
		}
		Medication medication = KetamineProducts.containedMedication(session);
		Parameters out = new Parameters();
		List<String> missing = new ArrayList<>();
		String sessionRef = "MedicationAdministration/" + session.getIdElement().getIdPart();

		Patient patient = chart.resolve(session.getSubject(), Patient.class).orElse(null);
		add(out, missing, "patientFirstName", patient == null || !patient.getNameFirstRep().hasGiven() ? null
				: new StringType(patient.getNameFirstRep().getGivenAsSingleString()));
		add(out, missing, "patientLastName", patient == null ? null : new StringType(patient.getNameFirstRep().getFamily()));
		add(out, missing, "patientBirthDate", patient == null || !patient.hasBirthDate() ? null : patient.getBirthDateElement().copy());
		add(out, missing, "patientSex", patient == null || !patient.hasGender() ? null : new StringType(patient.getGender().toCode()));
		add(out, missing, "treatmentDate", session.getEffectivePeriod().hasStart()
				? new DateType(session.getEffectivePeriod().getStartElement().getValueAsString().substring(0, 10)) : null);
		add(out, missing, "doseAdministered", session.getDosage().hasDose() ? session.getDosage().getDose().copy() : null);
		add(out, missing, "lotNumber", medication.getBatch().hasLotNumber() ? new StringType(medication.getBatch().getLotNumber()) : null);

		Observation screening = chart.latestScreening(session.getSubject().getReference()).orElse(null);
		for (String code : settings.concomitantMedications()) {
			add(out, missing, "concomitant-" + code, screening == null ? null : flag(screening, code));
		}

		List<Observation> observed = chart.partOf(sessionRef);
		add(out, missing, "bloodPressurePreDose", bloodPressure(observed, SessionTimePoint.PRE_DOSE, null));
		// The form's "40 min post-administration" field: the intra-session reading at the configured minute.
		add(out, missing, "bloodPressure40Minutes",
				bloodPressure(observed, SessionTimePoint.INTRA_SESSION, settings.bloodPressureMinutes()));
		add(out, missing, "bloodPressureBeforeCompletion", bloodPressure(observed, SessionTimePoint.PRE_DISCHARGE, null));
		Optional<Observation> discharge = observed.stream().filter(o -> terms.declares(o, "ketamine-discharge-readiness")).findFirst();
		add(out, missing, "vitalSignsAcceptableBeforeCompletion", discharge.map(d -> flag(d, "vitals-acceptable")).orElse(null));
		add(out, missing, "totalMonitoringMinutes", discharge.map(d -> minutes(d)).orElse(null));
		boolean sedation = observed.stream().anyMatch(o -> terms.declares(o, "ketamine-side-effect")
				&& IgTerms.hasCoding(o.getValueCodeableConcept(), terms.observationCodes(), "sedation"));
		add(out, missing, "sedation", discharge.isPresent() ? new BooleanType(sedation) : null);
		missing.forEach(m -> out.addParameter().setName("missing").setValue(new StringType(m)));
		return out;
	}

	private static void add(Parameters out, List<String> missing, String name, Type value) {
		if (value == null) {
			missing.add(name);
		} else {
			out.addParameter().setName(name).setValue(value);
		}
	}

	private BooleanType flag(Observation observation, String code) {
		return observation.getComponent().stream()
				.filter(c -> IgTerms.hasCoding(c.getCode(), terms.observationCodes(), code) && c.hasValueBooleanType())
				.map(c -> new BooleanType(c.getValueBooleanType().booleanValue()))
				.findFirst()
				.orElse(null);
	}

	private IntegerType minutes(Observation discharge) {
		Quantity minutes = IgTerms.componentQuantity(discharge, terms.observationCodes(), "minutes-monitored");
		return minutes == null ? null : new IntegerType(minutes.getValue().intValue());
	}

	/** "systolic/diastolic mmHg" of the session's blood pressure at the time point (and minute), or null. */
	private StringType bloodPressure(List<Observation> observed, String point, Integer minutes) {
		for (Observation observation : observed) {
			BloodPressure reading = BloodPressure.of(observation).orElse(null);
			if (reading == null) {
				continue;
			}
			SessionTimePoint timePoint = SessionTimePoint.of(observation, terms).orElse(null);
			if (timePoint == null || !point.equals(timePoint.point())) {
				continue;
			}
			if (minutes != null && !minutes.equals(timePoint.minutesAfterStart())) {
				continue;
			}
			if (reading.isComplete()) {
				return new StringType(reading.systolic().toPlainString() + "/" + reading.diastolic().toPlainString() + " mmHg");
			}
		}
		return null;
	}


}
