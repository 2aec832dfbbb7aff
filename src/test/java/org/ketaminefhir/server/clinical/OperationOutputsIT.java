package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.DeclaredOutputs;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;

/**
 * Each clinical operation answers as its OperationDefinition declares (the definition read from the URL the
 * CapabilityStatement gives): every parameter returned is a declared out parameter, within its cardinality and of its
 * type, and every required one is there ({@link DeclaredOutputs}). The answers are taken over HTTP on the IG's example
 * journey and on patients built from its examples, so that between them every declared out parameter is returned at
 * least once (a declaration nothing returns is stale).
 */
class OperationOutputsIT extends FhirServerTestBase {

    private static boolean journeyLoaded;

    @BeforeEach
    void loadTheJourney() {
        if (!journeyLoaded) {
            client().transaction()
                    .withBundle(IgExamples.journeyTransaction(FHIR))
                    .execute();
            journeyLoaded = true;
        }
    }

    private OperationDefinition definition(String resourceType, String operation) {
        CapabilityStatement metadata =
                client().capabilities().ofType(CapabilityStatement.class).execute();
        String url = metadata.getRestFirstRep().getResource().stream()
                .filter(r -> r.getType().equals(resourceType))
                .flatMap(r -> r.getOperation().stream())
                .filter(o -> o.getName().equals(operation))
                .findFirst()
                .orElseThrow(
                        () -> new AssertionError("not in the CapabilityStatement: " + resourceType + " $" + operation))
                .getDefinition();
        return client().read().resource(OperationDefinition.class).withUrl(url).execute();
    }

    /** The operation's answer as the server sends it. */
    private IBaseResource call(String method, String path, Parameters in) throws Exception {
        HttpResponse<String> response = send(
                method,
                path + "?_format=json",
                token(),
                in == null ? null : FHIR.newJsonParser().encodeResourceToString(in));
        assertThat(response.statusCode())
                .as(method + " " + path + ": " + response.body())
                .isEqualTo(200);
        return FHIR.newJsonParser().parseResource(response.body());
    }

    /** Asserts the answers match the definition, and that between them they return every declared out parameter. */
    private static void assertAnswersAsDeclared(OperationDefinition definition, Map<String, IBaseResource> answers) {
        Set<String> returned = new TreeSet<>();
        answers.forEach((call, answer) -> {
            assertThat(DeclaredOutputs.mismatches(definition, answer)).as(call).isEmpty();
            if (answer instanceof Parameters parameters) {
                parameters.getParameter().forEach(p -> returned.add(p.getName()));
            } else {
                returned.add("return");
            }
        });
        Set<String> declared = definition.getParameter().stream()
                .filter(p -> p.getUse() == OperationDefinition.OperationParameterUse.OUT)
                .map(OperationDefinition.OperationDefinitionParameterComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(returned).as("out parameters returned by some answer").isEqualTo(declared);
    }

    /** A patient screened as the IG's IV example (120/80 mmHg, the weight given, PHQ-9 21), its outcome computed. */
    private String screenedPatient(ClinicFixtures clinic, double kg) {
        String patient = clinic.patient();
        String screened = "2026-01-02T11:00:00Z";
        clinic.create(
                clinic.screeningTemplate(patient, screened, Map.of(), clinic.baseline(patient, screened, 120, 80, kg)));
        return patient;
    }

    private static Parameters planRequest(String start, String protocol, String... days) {
        Parameters in = new Parameters();
        in.addParameter("start", new DateType(start));
        in.addParameter("protocol", new CodeType(protocol));
        for (String day : days) {
            in.addParameter("treatmentDay", new CodeType(day));
        }
        return in;
    }

    @Test
    void ketamineEligibilityAnswersAsDeclared() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String eligible = screenedPatient(clinic, 80);
        String incomplete = clinic.patient();
        clinic.create(clinic.screeningTemplate(
                incomplete, "2026-01-02T11:00:00Z", Map.of(), clinic.bloodPressure(incomplete, 150, 95)));

        assertAnswersAsDeclared(
                definition("Patient", "ketamine-eligibility"),
                Map.of(
                        "eligible", call("POST", "/" + eligible + "/$ketamine-eligibility", new Parameters()),
                        "incomplete", call("POST", "/" + incomplete + "/$ketamine-eligibility", new Parameters())));
    }

    @Test
    void ketaminePlanAnswersAsDeclared() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());

        assertAnswersAsDeclared(
                definition("Patient", "ketamine-plan"),
                Map.of(
                        "iv-racemic",
                                call(
                                        "POST",
                                        "/" + screenedPatient(clinic, 80) + "/$ketamine-plan",
                                        planRequest("2026-01-05", "iv-racemic", "mon", "wed", "fri")),
                        "esketamine-intranasal",
                                call(
                                        "POST",
                                        "/" + screenedPatient(clinic, 70) + "/$ketamine-plan",
                                        planRequest("2026-01-05", "esketamine-intranasal"))));
    }

    @Test
    void ketamineProgressAnswersAsDeclared() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        // An IV session whose pre-dose blood pressure raises a safety issue, still open.
        String alerted = clinic.patient();
        clinic.decidedScreening(alerted, "2026-01-02T11:00:00Z", "eligible");
        Instant start = Instant.parse("2026-01-05T09:00:00Z");
        String session = clinic.create(clinic.ivSession(
                alerted,
                clinic.plan(alerted),
                clinic.encounter(alerted, start.minusSeconds(900), start.plusSeconds(5400)),
                start,
                new BigDecimal("0.5")));
        Observation bloodPressure =
                ClinicFixtures.sessionVital("iv-s1-bp-pre", alerted, session, "pre-dose", 0, 150, 95);
        bloodPressure.setEncounter(null);
        clinic.create(bloodPressure);
        String unscreened = clinic.patient();
        String planned = patientWithQuestionnairesDue(clinic);

        assertAnswersAsDeclared(
                definition("Patient", "ketamine-progress"),
                Map.of(
                        "patient-iv", call("GET", "/Patient/patient-iv/$ketamine-progress", null),
                        "patient-esk", call("GET", "/Patient/patient-esk/$ketamine-progress", null),
                        "patient-not-eligible", call("GET", "/Patient/patient-not-eligible/$ketamine-progress", null),
                        "an open safety issue", call("GET", "/" + alerted + "/$ketamine-progress", null),
                        "no records", call("GET", "/" + unscreened + "/$ketamine-progress", null),
                        "questionnaires due", call("GET", "/" + planned + "/$ketamine-progress", null)));
    }

    /** A patient whose plan ($ketamine-plan, from ten days ago) has questionnaires due and overdue today. */
    private String patientWithQuestionnairesDue(ClinicFixtures clinic) throws Exception {
        java.time.LocalDate start =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(10);
        String patient = clinic.patient();
        clinic.decidedScreening(patient, start.minusDays(3) + "T11:00:00Z", "eligible");
        call("POST", "/" + patient + "/$ketamine-plan", planRequest(start.toString(), "iv-racemic"));
        return patient;
    }

    @Test
    void ketamineDueQuestionnairesAnswersAsDeclared() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());

        assertAnswersAsDeclared(
                definition("Patient", "ketamine-due-questionnaires"),
                Map.of(
                        "due and overdue",
                        call("GET", "/" + patientWithQuestionnairesDue(clinic) + "/$ketamine-due-questionnaires", null),
                        "no plan",
                        call("GET", "/" + clinic.patient() + "/$ketamine-due-questionnaires", null)));
    }

    @Test
    void remsSummaryAnswersAsDeclared() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        // An esketamine session with nothing observed in it yet: the form's session fields are missing.
        // Its patient has a middle name, its order a prescriber and its performer a telephone and an email.
        String unobserved = unobservedSessionWithPrescriberAndClinician(clinic);

        assertAnswersAsDeclared(
                definition("MedicationAdministration", "rems-summary"),
                Map.of(
                        "esk-session-1", call("GET", "/MedicationAdministration/esk-session-1/$rems-summary", null),
                        "esk-session-2", call("GET", "/MedicationAdministration/esk-session-2/$rems-summary", null),
                        "nothing observed", call("GET", "/" + unobserved + "/$rems-summary", null)));
    }

    private String unobservedSessionWithPrescriberAndClinician(ClinicFixtures clinic) {
        String patient = clinic.patient();
        org.hl7.fhir.r4.model.Patient record = client().read()
                .resource(org.hl7.fhir.r4.model.Patient.class)
                .withId(new org.hl7.fhir.r4.model.IdType(patient))
                .execute();
        record.getNameFirstRep().addGiven("Rose");
        client().update().resource(record).execute();
        clinic.decidedScreening(patient, "2026-02-09T11:00:00Z", "eligible");
        Instant start = Instant.parse("2026-02-12T10:00:00Z");
        String prescriber = clinic.create(new org.hl7.fhir.r4.model.Practitioner()
                .addName(new org.hl7.fhir.r4.model.HumanName()
                        .setFamily("Lindqvist")
                        .addGiven("Maja")));
        String nurse = clinic.create(new org.hl7.fhir.r4.model.Practitioner()
                .addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Osei").addGiven("Kwame"))
                .addTelecom(new org.hl7.fhir.r4.model.ContactPoint()
                        .setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE)
                        .setValue("+1 555 0100"))
                .addTelecom(new org.hl7.fhir.r4.model.ContactPoint()
                        .setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.EMAIL)
                        .setValue("k.osei@clinic.example")));
        org.hl7.fhir.r4.model.MedicationRequest order = new org.hl7.fhir.r4.model.MedicationRequest()
                .setStatus(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestStatus.ACTIVE)
                .setIntent(org.hl7.fhir.r4.model.MedicationRequest.MedicationRequestIntent.ORDER)
                .setMedication(new org.hl7.fhir.r4.model.CodeableConcept().setText("Esketamine 28 mg nasal spray"))
                .setSubject(new org.hl7.fhir.r4.model.Reference(patient))
                .setRequester(new org.hl7.fhir.r4.model.Reference(prescriber));
        String request = clinic.create(order);
        org.hl7.fhir.r4.model.MedicationAdministration session = clinic.esketamineSession(
                patient,
                clinic.plan(patient),
                clinic.encounter(patient, start.minusSeconds(600), start.plusSeconds(130 * 60)),
                start,
                56);
        session.addPerformer().setActor(new org.hl7.fhir.r4.model.Reference(nurse));
        session.setRequest(new org.hl7.fhir.r4.model.Reference(request));
        return clinic.create(session);
    }

    @Test
    void populateAnswersAsDeclared() throws Exception {
        String unobserved = unobservedSessionWithPrescriberAndClinician(new ClinicFixtures(client()));
        String patient = ((org.hl7.fhir.r4.model.MedicationAdministration) call("GET", "/" + unobserved, null))
                .getSubject()
                .getReference();

        assertAnswersAsDeclared(
                definition("Questionnaire", "populate"),
                Map.of(
                        "esk-session-1",
                        call(
                                "POST",
                                "/Questionnaire/spravato-rems-monitoring/$populate",
                                populateInput("Patient/patient-esk", "MedicationAdministration/esk-session-1")),
                        "nothing observed",
                        call(
                                "POST",
                                "/Questionnaire/spravato-rems-monitoring/$populate",
                                populateInput(patient, unobserved)),
                        "PHQ-9",
                        call("POST", "/Questionnaire/phq-9/$populate", populateInput("Patient/patient-esk", null))));
    }

    private static Parameters populateInput(String subject, String session) {
        Parameters in = new Parameters();
        in.addParameter().setName("subject").setValue(new org.hl7.fhir.r4.model.Reference(subject));
        if (session != null) {
            in.addParameter()
                    .setName("context")
                    .addPart(new Parameters.ParametersParameterComponent()
                            .setName("name")
                            .setValue(new StringType("session")))
                    .addPart(new Parameters.ParametersParameterComponent()
                            .setName("content")
                            .setValue(new org.hl7.fhir.r4.model.Reference(session)));
        }
        return in;
    }

    @Test
    void theServedDefinitionsRejectAnAnswerTheyDoNotDeclare() throws Exception {
        Parameters progress = (Parameters) call("GET", "/Patient/patient-iv/$ketamine-progress", null);
        progress.getParameter().removeIf(p -> p.getName().equals("cumulativeDose"));
        progress.addParameter().setName("surprise").setValue(new StringType("not declared"));
        progress.addParameter().setName("nextSessionDue").setValue(new StringType("tomorrow"));

        assertThat(DeclaredOutputs.mismatches(definition("Patient", "ketamine-progress"), progress))
                .containsExactlyInAnyOrder(
                        "surprise: returned but not declared as an out parameter",
                        "nextSessionDue: returned 2 times, declared at most 1",
                        "nextSessionDue: declared of type dateTime, returned value string",
                        "cumulativeDose: declared min 1, returned 0");
        assertThat(DeclaredOutputs.mismatches(definition("Patient", "ketamine-plan"), new Observation()))
                .containsExactly("return: declared of type CarePlan, returned resource Observation");
    }
}
