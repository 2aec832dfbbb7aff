package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.AuthorizationCodeFlow;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;

/**
 * The questionnaire Tasks the server keeps from a treatment plan's measurement schedule, over HTTP: one per measurement
 * and Questionnaire when the plan is stored, none doubled when it is stored again, cancelled when it is revoked; which
 * are due and overdue ({@code $ketamine-due-questionnaires}); the next one in {@code $ketamine-progress}; and the
 * patient's own app reading theirs.
 */
class QuestionnaireTasksIT extends FhirServerTestBase {

    private static final String SDC_TEMP = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";
    private static final String PHQ9 = ClinicFixtures.IG + "Questionnaire/phq-9";
    private static final String GAD7 = ClinicFixtures.IG + "Questionnaire/gad-7";

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC); // the clinic's time zone in the shipped settings
    }

    private List<Task> tasksOf(String plan) {
        return client()
                .search()
                .byUrl("Task?based-on=" + plan + "&_count=200")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (Task) e.getResource())
                .toList();
    }

    private static LocalDate from(Task task) {
        return LocalDate.parse(
                task.getRestriction().getPeriod().getStartElement().getValueAsString());
    }

    private static String questionnaire(Task task) {
        return ((CanonicalType) task.getInputFirstRep().getValue()).getValue();
    }

    private Parameters due(String patient, String token) throws Exception {
        HttpResponse<String> answer = send("GET", "/" + patient + "/$ketamine-due-questionnaires", token, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Parameters.class, answer.body());
    }

    /** The Tasks named by the parameters of this name (their part "task"). */
    private static List<String> ids(Parameters parameters, String name) {
        return parameters.getParameter().stream()
                .filter(p -> p.getName().equals(name))
                .map(p -> ((Reference) p.getPart().stream()
                                .filter(part -> part.getName().equals("task"))
                                .findFirst()
                                .orElseThrow()
                                .getValue())
                        .getReference())
                .toList();
    }

    @Test
    void aPlanKeepsOneTaskPerMeasurementAndQuestionnaireThatBecomeDueAndOverdue() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String patient = clinic.patient();
        LocalDate start = today().minusDays(10);
        clinic.decidedScreening(patient, start.minusDays(3) + "T11:00:00Z", "eligible");
        Parameters request = new Parameters();
        request.addParameter("start", new DateType(start.toString()));
        request.addParameter("protocol", new CodeType("iv-racemic"));
        CarePlan plan = client().operation()
                .onInstance(new IdType(patient))
                .named("$ketamine-plan")
                .withParameters(request)
                .returnResourceType(CarePlan.class)
                .execute();
        String planId = "CarePlan/" + plan.getIdElement().getIdPart();
        CarePlan.CarePlanActivityDetailComponent measurement = plan.getActivity().stream()
                .map(CarePlan.CarePlanActivityComponent::getDetail)
                .filter(d -> d.getCode().getCodingFirstRep().getCode().equals("measurement"))
                .findFirst()
                .orElseThrow();
        assertThat(measurement.getInstantiatesCanonical())
                .extracting(CanonicalType::getValue)
                .containsExactly(PHQ9, GAD7);
        LocalDate last = LocalDate.parse(measurement
                .getScheduledTiming()
                .getRepeat()
                .getBoundsPeriod()
                .getEndElement()
                .getValueAsString());
        long weeks = java.time.temporal.ChronoUnit.WEEKS.between(start, last) + 1;

        List<Task> tasks = tasksOf(planId);
        assertThat(tasks).hasSize((int) (2 * weeks));
        Task first = tasks.stream()
                .filter(t -> from(t).equals(start) && questionnaire(t).equals(PHQ9))
                .findFirst()
                .orElseThrow();
        assertThat(first.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
        assertThat(first.getIntent()).isEqualTo(Task.TaskIntent.ORDER);
        assertThat(first.getFor().getReference()).isEqualTo(patient);
        assertThat(first.getBasedOnFirstRep().getReference()).isEqualTo(planId);
        assertThat(first.getCode().getCodingFirstRep().getSystem()).isEqualTo(SDC_TEMP);
        assertThat(first.getCode().getCodingFirstRep().getCode()).isEqualTo("complete-questionnaire");
        assertThat(first.getInputFirstRep().getType().getCodingFirstRep().getCode())
                .isEqualTo("questionnaire");
        assertThat(first.getRestriction().getPeriod().getEndElement().getValueAsString())
                .isEqualTo(start.plusDays(7).toString());

        // The same plan written again (a clinician edits its description): no Task doubled.
        CarePlan stored =
                client().read().resource(CarePlan.class).withId(planId).execute();
        stored.setDescription(stored.getDescription() + " (reviewed)");
        client().update().resource(stored).execute();
        assertThat(tasksOf(planId)).hasSize((int) (2 * weeks));

        // Due: the measurements of ten and three days ago; overdue: the one of ten days ago (due three days ago).
        Parameters due = due(patient, token());
        assertThat(due.getParameter("today").getValue().primitiveValue()).isEqualTo(today().toString());
        assertThat(ids(due, "due")).hasSize(4);
        ParametersParameterComponent firstDue = due.getParameter().stream()
                .filter(p -> p.getName().equals("due"))
                .findFirst()
                .orElseThrow();
        assertThat(part(firstDue, "from")).isEqualTo(start.toString());
        assertThat(part(firstDue, "dueDate")).isEqualTo(start.plusDays(7).toString());
        assertThat(part(firstDue, "questionnaire")).isIn(PHQ9, GAD7);
        assertThat(ids(due, "overdue"))
                .hasSize(2)
                .containsExactlyInAnyOrderElementsOf(tasks.stream()
                        .filter(t -> from(t).equals(start))
                        .map(t -> "Task/" + t.getIdElement().getIdPart())
                        .toList());

        // The PHQ-9 of ten days ago is answered (the questionnaire rules will complete it; here the clinic does).
        Task answered = client().read()
                .resource(Task.class)
                .withId(first.getIdElement())
                .execute();
        answered.setStatus(Task.TaskStatus.COMPLETED);
        client().update().resource(answered).execute();
        Parameters after = due(patient, token());
        assertThat(ids(after, "due")).hasSize(3);
        assertThat(ids(after, "overdue"))
                .hasSize(1)
                .doesNotContain("Task/" + first.getIdElement().getIdPart());

        // $ketamine-progress names the next questionnaire due: the GAD-7 of ten days ago, overdue.
        Parameters progress = client().operation()
                .onInstance(new IdType(patient))
                .named("$ketamine-progress")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
        ParametersParameterComponent next = progress.getParameter("nextQuestionnaireDue");
        assertThat(part(next, "questionnaire")).isEqualTo(GAD7);
        assertThat(part(next, "from")).isEqualTo(start.toString());
        assertThat(part(next, "dueDate")).isEqualTo(start.plusDays(7).toString());
        assertThat(((Reference) next.getPart().stream()
                                .filter(p -> p.getName().equals("task"))
                                .findFirst()
                                .orElseThrow()
                                .getValue())
                        .getReference())
                .isEqualTo(ids(after, "overdue").get(0));

        // The plan is revoked: its open Tasks are cancelled, the answered one stays answered.
        CarePlan revoked =
                client().read().resource(CarePlan.class).withId(planId).execute();
        revoked.setStatus(CarePlan.CarePlanStatus.REVOKED);
        client().update().resource(revoked).execute();
        List<Task> afterRevoke = tasksOf(planId);
        assertThat(afterRevoke).hasSize((int) (2 * weeks));
        assertThat(afterRevoke)
                .filteredOn(t -> t.getStatus() == Task.TaskStatus.COMPLETED)
                .hasSize(1);
        assertThat(afterRevoke)
                .filteredOn(t -> t.getStatus() != Task.TaskStatus.COMPLETED)
                .allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED));
        assertThat(ids(due(patient, token()), "due")).isEmpty();
    }

    private static String part(ParametersParameterComponent parameter, String name) {
        return parameter.getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no part " + name))
                .getValue()
                .primitiveValue();
    }

    @Test
    void thePatientsAppReadsTheirOwnDueQuestionnairesOnly() throws Exception {
        String own = "Patient/" + TestClinic.PATIENT_USER_PATIENT;
        new ClinicFixtures(client()).patientUsersPatient();
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(SDC_TEMP, "complete-questionnaire", null)));
        task.setFor(new Reference(own));
        task.getRestriction()
                .setPeriod(new Period()
                        .setStartElement(new DateTimeType(today().minusDays(1).toString()))
                        .setEndElement(new DateTimeType(today().plusDays(6).toString())));
        task.addInput()
                .setType(new CodeableConcept(new Coding(SDC_TEMP, "questionnaire", null)))
                .setValue(new CanonicalType(PHQ9));
        String taskId = new ClinicFixtures(client()).create(task);
        String patientToken = AuthorizationCodeFlow.login(
                        origin(),
                        TestClinic.PATIENT_USER,
                        "launch/patient openid fhirUser patient/*.rs sensitive/psy.read",
                        Map.of())
                .json()
                .get("access_token")
                .asText();

        assertThat(ids(due(own, patientToken), "due"))
                .as("named, though a patient's token cannot read Tasks (not in the R4 patient compartment)")
                .contains(taskId);
        String other = new ClinicFixtures(client()).patient();
        assertThat(send("GET", "/" + other + "/$ketamine-due-questionnaires", patientToken, null)
                        .statusCode())
                .isEqualTo(403);
    }
}
