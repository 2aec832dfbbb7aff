package org.ketaminefhir.server.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;

/**
 * SDC {@code Questionnaire/$populate} of the REMS Patient Monitoring Form over HTTP: for each of the IG's esketamine
 * sessions, field by field the same as {@code $rems-summary} (the one reading of the chart, RemsChart), what is left
 * for the clinician, the completed form valid against the IG, and the bad inputs.
 */
class RemsPopulateIT extends FhirServerTestBase {

    private static final String FORM = "https://ketaminefhir.org/ig/Questionnaire/spravato-rems-monitoring";
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

    private static Parameters in(String subject, String session) {
        Parameters in = new Parameters();
        if (subject != null) {
            in.addParameter().setName("subject").setValue(new Reference(subject));
        }
        if (session != null) {
            in.addParameter()
                    .setName("context")
                    .addPart(new ParametersParameterComponent().setName("name").setValue(new StringType("session")))
                    .addPart(new ParametersParameterComponent()
                            .setName("content")
                            .setValue(new Reference(session)));
        }
        return in;
    }

    private HttpResponse<String> populate(String path, Parameters in) throws Exception {
        return send("POST", path, token(), FHIR.newJsonParser().encodeResourceToString(in));
    }

    private Parameters populated(String subject, String session) throws Exception {
        HttpResponse<String> answer =
                populate("/Questionnaire/spravato-rems-monitoring/$populate", in(subject, session));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Parameters.class, answer.body());
    }

    private Parameters remsSummary(String session) {
        return client().operation()
                .onInstance(new IdType(session))
                .named("$rems-summary")
                .withNoParameters(Parameters.class)
                .useHttpGet()
                .execute();
    }

    private static Map<String, Type> answers(List<QuestionnaireResponseItemComponent> items) {
        Map<String, Type> answers = new LinkedHashMap<>();
        for (QuestionnaireResponseItemComponent item : items) {
            if (item.hasAnswer()) {
                answers.put(item.getLinkId(), item.getAnswerFirstRep().getValue());
                answers.putAll(answers(item.getAnswerFirstRep().getItem()));
            }
            answers.putAll(answers(item.getItem()));
        }
        return answers;
    }

    /** The Questionnaire's items that take an answer, not hidden, by linkId. */
    private static Map<String, QuestionnaireItemComponent> fields(List<QuestionnaireItemComponent> items) {
        Map<String, QuestionnaireItemComponent> fields = new LinkedHashMap<>();
        for (QuestionnaireItemComponent item : items) {
            boolean hidden = item.hasExtension("http://hl7.org/fhir/StructureDefinition/questionnaire-hidden");
            if (item.getType() != Questionnaire.QuestionnaireItemType.GROUP && !hidden) {
                fields.put(item.getLinkId(), item);
            }
            fields.putAll(fields(item.getItem()));
        }
        return fields;
    }

    private static Set<String> leftFor(Parameters populated) {
        Set<String> left = new LinkedHashSet<>();
        ParametersParameterComponent issues = populated.getParameter("issues");
        if (issues != null) {
            OperationOutcome outcome = (OperationOutcome) issues.getResource();
            for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
                assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
                left.add(issue.getDiagnostics()
                        .substring(0, issue.getDiagnostics().indexOf(':')));
            }
        }
        return left;
    }

    /** The answer's value as $rems-summary states it: a choice's code, a quantity's value and unit, else the text. */
    private static String comparable(Type value) {
        if (value instanceof Coding coding) {
            return coding.getCode();
        }
        if (value instanceof Quantity quantity) {
            return quantity.getValue().stripTrailingZeros().toPlainString() + " " + quantity.getCode();
        }
        return value.primitiveValue();
    }

    private Questionnaire form() {
        // Stored by the IG package installer under a server-assigned id: found by its canonical.
        return (Questionnaire) client().search()
                .forResource(Questionnaire.class)
                .where(Questionnaire.URL.matches().value(FORM))
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
    }

    @ParameterizedTest
    @ValueSource(strings = {"esk-session-1", "esk-session-2"})
    void populateGivesEveryFieldRemsSummaryGivesAndLeavesTheRest(String id) throws Exception {
        String session = "MedicationAdministration/" + id;
        Parameters summary = remsSummary(session);
        Parameters populated = populated("Patient/patient-esk", session);

        QuestionnaireResponse response =
                (QuestionnaireResponse) populated.getParameter("response").getResource();
        assertThat(response.getStatus()).isEqualTo(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        assertThat(response.getQuestionnaire()).isEqualTo(FORM + "|" + form().getVersion());
        assertThat(response.getSubject().getReference()).isEqualTo("Patient/patient-esk");
        assertThat(response.getAuthored()).isNotNull();
        assertThat(response.getMeta().getProfile())
                .extracting(p -> p.getValue())
                .containsExactly("https://ketaminefhir.org/ig/StructureDefinition/ketamine-questionnaire-response");

        Map<String, Type> answers = answers(response.getItem());
        assertThat(((Reference) answers.remove("session")).getReference()).isEqualTo(session);
        Map<String, String> given = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (ParametersParameterComponent parameter : summary.getParameter()) {
            if (parameter.getName().equals("missing")) {
                missing.add(parameter.getValue().primitiveValue());
            } else {
                given.put(parameter.getName(), comparable(parameter.getValue()));
            }
        }
        Map<String, String> populatedValues = new LinkedHashMap<>();
        answers.forEach((linkId, value) -> populatedValues.put(linkId, comparable(value)));
        // Field by field, the same values; nothing more, nothing less.
        assertThat(populatedValues).containsExactlyInAnyOrderEntriesOf(given);
        assertThat(answers.get("patientSex"))
                .isInstanceOfSatisfying(
                        Coding.class,
                        sex -> assertThat(sex.getSystem()).isEqualTo("http://hl7.org/fhir/administrative-gender"));
        assertThat(answers.get("patientBirthDate")).isInstanceOf(DateType.class);
        assertThat(answers.get("totalMonitoringMinutes")).isInstanceOf(IntegerType.class);
        assertThat(answers.get("doseAdministered")).isInstanceOf(Quantity.class);
        assertThat(answers.get("firstTreatment"))
                .isInstanceOfSatisfying(
                        BooleanType.class,
                        first -> assertThat(first.booleanValue()).isEqualTo(id.equals("esk-session-1")));

        // Left for the clinician: what $rems-summary lists as missing, and the fields no record gives (the
        // enrolment question only when it is the first treatment).
        Set<String> expectedLeft = new LinkedHashSet<>(fields(form().getItem()).keySet());
        expectedLeft.removeAll(answers.keySet());
        if (id.equals("esk-session-2")) {
            expectedLeft.remove("enrolledInRems"); // asked only at the first treatment
        }
        Set<String> left = leftFor(populated);
        assertThat(left).containsExactlyInAnyOrderElementsOf(expectedLeft);
        assertThat(left).containsAll(missing).contains("readyToLeaveMinutes");
        assertThat(left.contains("enrolledInRems")).isEqualTo(id.equals("esk-session-1"));
    }

    @Test
    void theCompletedFormIsValidAgainstTheIg() throws Exception {
        Parameters populated = populated("Patient/patient-esk", "MedicationAdministration/esk-session-1");
        QuestionnaireResponse response =
                (QuestionnaireResponse) populated.getParameter("response").getResource();
        Map<String, QuestionnaireItemComponent> fields = fields(form().getItem());
        List<QuestionnaireResponseItemComponent> groups = response.getItem();
        for (String linkId : leftFor(populated)) {
            QuestionnaireItemComponent item = fields.get(linkId);
            if (!item.getRequired()) {
                continue;
            }
            Type value = switch (item.getType()) {
                case BOOLEAN -> new BooleanType(true);
                case INTEGER -> new IntegerType(40);
                case STRING -> new StringType("Answered by the clinician");
                default -> throw new AssertionError("no test answer for " + item.getType());
            };
            String group = groupOf(form().getItem(), linkId);
            QuestionnaireResponseItemComponent groupItem = groups.stream()
                    .filter(g -> g.getLinkId().equals(group))
                    .findFirst()
                    .orElseGet(() -> {
                        QuestionnaireResponseItemComponent added = new QuestionnaireResponseItemComponent()
                                .setLinkId(group)
                                .setText(form().getItem().stream()
                                        .filter(i -> i.getLinkId().equals(group))
                                        .findFirst()
                                        .orElseThrow()
                                        .getText());
                        groups.add(added);
                        return added;
                    });
            groupItem
                    .addItem()
                    .setLinkId(linkId)
                    .setText(item.getText())
                    .addAnswer()
                    .setValue(value);
        }
        // Order the groups as the Questionnaire does.
        List<String> order = form().getItem().stream()
                .map(QuestionnaireItemComponent::getLinkId)
                .toList();
        List<QuestionnaireResponseItemComponent> sorted = new ArrayList<>(groups);
        sorted.sort((a, b) -> order.indexOf(a.getLinkId()) - order.indexOf(b.getLinkId()));
        for (QuestionnaireResponseItemComponent group : sorted) {
            List<String> inner = form().getItem().stream()
                    .filter(i -> i.getLinkId().equals(group.getLinkId()))
                    .flatMap(i -> i.getItem().stream())
                    .map(QuestionnaireItemComponent::getLinkId)
                    .toList();
            group.getItem().sort((a, b) -> inner.indexOf(a.getLinkId()) - inner.indexOf(b.getLinkId()));
        }
        response.getItem().clear();
        response.getItem().addAll(sorted);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        String clinician = new ClinicFixtures(client())
                .create(new Practitioner()
                        .addName(new org.hl7.fhir.r4.model.HumanName()
                                .setFamily("Okafor")
                                .addGiven("Ada")));
        response.setAuthor(new Reference(clinician));

        Parameters validate = new Parameters();
        validate.addParameter().setName("resource").setResource(response);
        HttpResponse<String> answer = send(
                "POST",
                "/QuestionnaireResponse/$validate",
                token(),
                FHIR.newJsonParser().encodeResourceToString(validate));
        OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
        assertThat(outcome.getIssue())
                .as(answer.body())
                .noneMatch(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                        || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private static String groupOf(List<QuestionnaireItemComponent> items, String linkId) {
        for (QuestionnaireItemComponent group : items) {
            if (group.getItem().stream().anyMatch(i -> i.getLinkId().equals(linkId))) {
                return group.getLinkId();
            }
        }
        throw new AssertionError("no group holds " + linkId);
    }

    @Test
    void thePrescriberAndTheMonitoringClinicianComeFromTheSession() throws Exception {
        ClinicFixtures clinic = new ClinicFixtures(client());
        String prescriber = clinic.create(new Practitioner()
                .addName(new org.hl7.fhir.r4.model.HumanName()
                        .setFamily("Lindqvist")
                        .addGiven("Maja")));
        String nurse = clinic.create(new Practitioner()
                .addName(new org.hl7.fhir.r4.model.HumanName()
                        .setFamily("Osei")
                        .addGiven("Kwame")
                        .addGiven("Ade"))
                .addTelecom(new ContactPoint()
                        .setSystem(ContactPoint.ContactPointSystem.PHONE)
                        .setValue("+1 555 0100"))
                .addTelecom(new ContactPoint()
                        .setSystem(ContactPoint.ContactPointSystem.EMAIL)
                        .setValue("k.osei@clinic.example")));
        MedicationRequest order = new MedicationRequest();
        order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
        order.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
        order.setMedication(new org.hl7.fhir.r4.model.CodeableConcept().setText("Esketamine 28 mg nasal spray"));
        order.setSubject(new Reference("Patient/patient-esk"));
        order.setRequester(new Reference(prescriber));
        String request = clinic.create(order);

        Instant start = Instant.parse("2026-03-02T10:00:00Z");
        String encounter =
                clinic.encounter("Patient/patient-esk", start.minusSeconds(600), start.plusSeconds(130 * 60));
        MedicationAdministration session =
                clinic.esketamineSession("Patient/patient-esk", "CarePlan/esk-plan", encounter, start, 56);
        session.addPerformer().setActor(new Reference(nurse));
        session.setRequest(new Reference(request));
        String id = clinic.create(session);

        Parameters summary = remsSummary(id);
        Map<String, Type> answers = answers(((QuestionnaireResponse) populated("Patient/patient-esk", id)
                        .getParameter("response")
                        .getResource())
                .getItem());

        for (Map.Entry<String, String> field : Map.of(
                        "prescriberFirstName", "Maja",
                        "prescriberLastName", "Lindqvist",
                        "hcpFirstName", "Kwame",
                        "hcpLastName", "Osei",
                        "hcpTelephone", "+1 555 0100",
                        "hcpEmail", "k.osei@clinic.example",
                        "firstTreatment", "false")
                .entrySet()) {
            assertThat(summary.getParameter(field.getKey()).getValue().primitiveValue())
                    .as(field.getKey())
                    .isEqualTo(field.getValue());
            assertThat(answers.get(field.getKey()).primitiveValue())
                    .as(field.getKey())
                    .isEqualTo(field.getValue());
        }
        assertThat(((Quantity) answers.get("doseAdministered")).getValue())
                .isEqualByComparingTo(BigDecimal.valueOf(56));
    }

    @Test
    void aClinicianWithTheDashboardsScopesMayPopulateAndWithoutTheQuestionnaireReadMayNot() throws Exception {
        String dashboard = "openid fhirUser user/Patient.rs user/Observation.rs user/MedicationAdministration.rs"
                + " user/CarePlan.rs user/Encounter.rs user/DetectedIssue.rus user/Task.rs user/QuestionnaireResponse.rs"
                + " user/Questionnaire.rs sensitive/psy.read";
        Parameters in = in("Patient/patient-esk", "MedicationAdministration/esk-session-1");
        String body = FHIR.newJsonParser().encodeResourceToString(in);
        String path = "/Questionnaire/spravato-rems-monitoring/$populate";

        HttpResponse<String> allowed = send("POST", path, clinician(dashboard), body);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertThat(allowed.body()).contains("\"valueString\":\"Priya\"");

        HttpResponse<String> refused =
                send("POST", path, clinician(dashboard.replace(" user/Questionnaire.rs", "")), body);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        HttpResponse<String> notSensitive =
                send("POST", path, clinician(dashboard.replace(" sensitive/psy.read", "")), body);
        assertThat(notSensitive.statusCode()).as(notSensitive.body()).isEqualTo(403);
    }

    private String clinician(String scope) {
        return org.ketaminefhir.server.support.AuthorizationCodeFlow.login(
                        origin(), org.ketaminefhir.server.support.TestClinic.CLINICIAN, scope, Map.of())
                .json()
                .get("access_token")
                .asText();
    }

    @Test
    void anotherQuestionnaireGetsItsSubjectOnly() throws Exception {
        HttpResponse<String> answer = populate("/Questionnaire/phq-9/$populate", in("Patient/patient-esk", null));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        QuestionnaireResponse response = (QuestionnaireResponse) FHIR.newJsonParser()
                .parseResource(Parameters.class, answer.body())
                .getParameter("response")
                .getResource();
        assertThat(response.getSubject().getReference()).isEqualTo("Patient/patient-esk");
        assertThat(response.getQuestionnaire()).startsWith("https://ketaminefhir.org/ig/Questionnaire/phq-9");
        assertThat(response.getItem()).isEmpty();
    }

    @Test
    void byCanonicalAtTypeLevelTheSameForm() throws Exception {
        Parameters in = in("Patient/patient-esk", "MedicationAdministration/esk-session-2");
        in.addParameter().setName("canonical").setValue(new org.hl7.fhir.r4.model.UriType(FORM));
        HttpResponse<String> answer = populate("/Questionnaire/$populate", in);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        Parameters byCanonical = FHIR.newJsonParser().parseResource(Parameters.class, answer.body());
        Parameters byInstance = populated("Patient/patient-esk", "MedicationAdministration/esk-session-2");
        assertThat(answers(((QuestionnaireResponse)
                                        byCanonical.getParameter("response").getResource())
                                .getItem())
                        .keySet())
                .isEqualTo(answers(((QuestionnaireResponse)
                                        byInstance.getParameter("response").getResource())
                                .getItem())
                        .keySet());

        Parameters unknown = in("Patient/patient-esk", "MedicationAdministration/esk-session-2");
        unknown.addParameter()
                .setName("canonical")
                .setValue(new org.hl7.fhir.r4.model.UriType("https://ketaminefhir.org/ig/Questionnaire/none"));
        assertThat(populate("/Questionnaire/$populate", unknown).statusCode()).isEqualTo(404);
    }

    @Test
    void badInputIsRefusedWithAnOperationOutcomeAndNothingIsStored() throws Exception {
        int before = client().search()
                .forResource(QuestionnaireResponse.class)
                .where(QuestionnaireResponse.SUBJECT.hasId("Patient/patient-esk"))
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute()
                .getEntry()
                .size();
        Map<String, Object[]> cases = new LinkedHashMap<>();
        cases.put("unknown questionnaire", new Object[] {
            "/Questionnaire/no-such-form/$populate",
            in("Patient/patient-esk", "MedicationAdministration/esk-session-1"),
            404,
            "no-such-form"
        });
        cases.put("not an esketamine session", new Object[] {
            "/Questionnaire/spravato-rems-monitoring/$populate",
            in("Patient/patient-iv", "MedicationAdministration/iv-session-1"),
            422,
            "REMS-ESKETAMINE-ONLY"
        });
        cases.put("a session of another patient", new Object[] {
            "/Questionnaire/spravato-rems-monitoring/$populate",
            in("Patient/patient-iv", "MedicationAdministration/esk-session-1"),
            422,
            "POPULATE-SESSION-SUBJECT"
        });
        cases.put("no session", new Object[] {
            "/Questionnaire/spravato-rems-monitoring/$populate", in("Patient/patient-esk", null), 400, "session"
        });
        cases.put("no subject", new Object[] {
            "/Questionnaire/spravato-rems-monitoring/$populate",
            in(null, "MedicationAdministration/esk-session-1"),
            400,
            "subject"
        });
        cases.put("an unknown session", new Object[] {
            "/Questionnaire/spravato-rems-monitoring/$populate",
            in("Patient/patient-esk", "MedicationAdministration/no-such-session"),
            422,
            "no-such-session"
        });
        for (Map.Entry<String, Object[]> c : cases.entrySet()) {
            HttpResponse<String> answer = populate((String) c.getValue()[0], (Parameters) c.getValue()[1]);
            assertThat(answer.statusCode())
                    .as(c.getKey() + ": " + answer.body())
                    .isEqualTo(c.getValue()[2]);
            assertThat(answer.body())
                    .as(c.getKey())
                    .contains("OperationOutcome")
                    .contains((String) c.getValue()[3]);
        }
        HttpResponse<String> get = send("GET", "/Questionnaire/spravato-rems-monitoring/$populate", token(), null);
        assertThat(get.statusCode()).as(get.body()).isBetween(400, 499);

        assertThat(client().search()
                        .forResource(QuestionnaireResponse.class)
                        .where(QuestionnaireResponse.SUBJECT.hasId("Patient/patient-esk"))
                        .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                        .execute()
                        .getEntry())
                .hasSize(before);
    }
}
