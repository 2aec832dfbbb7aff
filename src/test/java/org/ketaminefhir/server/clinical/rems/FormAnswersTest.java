package org.ketaminefhir.server.clinical.rems;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A RemsForm's values put onto the REMS Questionnaire's items (pure; the IG's generated Questionnaire). */
class FormAnswersTest {

    private static final Questionnaire FORM = FhirContext.forR4Cached()
            .newJsonParser()
            .parseResource(
                    Questionnaire.class,
                    read("ig/fsh-generated/resources/Questionnaire-spravato-rems-monitoring.json"));

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static QuestionnaireItemComponent item(String linkId) {
        return Stream.concat(FORM.getItem().stream(), FORM.getItem().stream().flatMap(i -> i.getItem().stream()))
                .filter(i -> i.getLinkId().equals(linkId))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item " + linkId));
    }

    private static Quantity mg(int value) {
        return new Quantity()
                .setValue(value)
                .setUnit("mg")
                .setSystem("http://unitsofmeasure.org")
                .setCode("mg");
    }

    /** linkId (its type in the form), the value RemsChart gives, the answer expected (null: left). */
    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("patientFirstName", new StringType("Priya"), "string", "Priya"),
                Arguments.of("patientBirthDate", new DateType("1990-02-03"), "date", "1990-02-03"),
                Arguments.of("treatmentDate", new DateTimeType("2026-02-05T10:00:00Z"), "date", "2026-02-05"),
                Arguments.of("firstTreatment", new BooleanType(true), "boolean", "true"),
                Arguments.of("sedation", new BooleanType(false), "boolean", "false"),
                Arguments.of("totalMonitoringMinutes", new IntegerType(125), "integer", "125"),
                Arguments.of("doseAdministered", mg(56), "quantity", "56 mg"),
                Arguments.of(
                        "patientSex",
                        new StringType("female"),
                        "choice",
                        "http://hl7.org/fhir/administrative-gender|female"),
                Arguments.of(
                        "patientSex",
                        new StringType("male"),
                        "choice",
                        "http://hl7.org/fhir/administrative-gender|male"),
                Arguments.of(
                        "patientSex",
                        new StringType("other"),
                        "choice",
                        "http://hl7.org/fhir/administrative-gender|other"),
                // Not an answer option of the form: left for the clinician.
                Arguments.of("patientSex", new StringType("unknown"), "choice", null),
                Arguments.of(
                        "patientSex", new Coding("http://example.org/other-system", "female", null), "choice", null),
                Arguments.of(
                        "session",
                        new Reference("MedicationAdministration/esk-session-1"),
                        "reference",
                        "MedicationAdministration/esk-session-1"),
                // A value of another type does not fit the item.
                Arguments.of("sedation", new StringType("yes"), "boolean", null),
                Arguments.of("totalMonitoringMinutes", new StringType("125"), "integer", null),
                Arguments.of("doseAdministered", new IntegerType(56), "quantity", null),
                Arguments.of("bloodPressurePreDose", new StringType("122/78 mmHg"), "string", "122/78 mmHg"));
    }

    private static String shown(Type answer) {
        if (answer instanceof Coding coding) {
            return coding.getSystem() + "|" + coding.getCode();
        }
        if (answer instanceof Quantity quantity) {
            return quantity.getValue().toPlainString() + " " + quantity.getCode();
        }
        if (answer instanceof Reference reference) {
            return reference.getReference();
        }
        return answer.primitiveValue();
    }

    @ParameterizedTest(name = "{0} ({2}) from {1}: {3}")
    @MethodSource("answers")
    void aValueBecomesTheAnswerInTheItemsType(String linkId, Type value, String type, String expected) {
        QuestionnaireItemComponent item = item(linkId);
        assertThat(item.getType().toCode()).isEqualTo(type);

        assertThat(FormAnswers.answer(item, value).map(FormAnswersTest::shown).orElse(null))
                .isEqualTo(expected);
    }

    @Test
    void theAnswersSitInTheirGroupsAndWhatIsLeftIsNamed() {
        Map<String, Type> values = new LinkedHashMap<>();
        values.put("session", new Reference("MedicationAdministration/esk-session-2"));
        values.put("patientFirstName", new StringType("Priya"));
        values.put("patientMiddleInitial", null);
        values.put("patientSex", new StringType("female"));
        values.put("firstTreatment", new BooleanType(false));
        values.put("doseAdministered", mg(84));
        values.put("notOnTheForm", new StringType("ignored"));

        FormAnswers.Filled filled = FormAnswers.fill(FORM, values);

        assertThat(filled.items())
                .extracting(QuestionnaireResponseItemComponent::getLinkId)
                .containsExactly("session", "patient", "treatmentSession");
        QuestionnaireResponseItemComponent patient = filled.items().get(1);
        assertThat(patient.hasAnswer()).isFalse();
        assertThat(patient.getItem())
                .extracting(QuestionnaireResponseItemComponent::getLinkId)
                .containsExactly("patientFirstName", "patientSex", "firstTreatment");
        assertThat(patient.getItem().get(0).getText()).isEqualTo("First name");
        assertThat(((Quantity) filled.items()
                                .get(2)
                                .getItemFirstRep()
                                .getAnswerFirstRep()
                                .getValue())
                        .getValue())
                .isEqualByComparingTo(BigDecimal.valueOf(84));

        List<String> left = filled.left().stream().map(FormAnswers.Left::linkId).toList();
        // Not the hidden session, not what is answered; not the enrolment question (asked at the first treatment).
        assertThat(left)
                .contains(
                        "patientMiddleInitial", "patientLastName", "readyToLeaveMinutes", "vitalSignsAcceptablePreDose")
                .doesNotContain(
                        "session",
                        "patientFirstName",
                        "patientSex",
                        "firstTreatment",
                        "enrolledInRems",
                        "doseAdministered",
                        "patient",
                        "treatmentSession");
        assertThat(filled.left().stream().filter(l -> l.linkId().equals("patientMiddleInitial")))
                .singleElement()
                .satisfies(l -> assertThat(l.required()).isFalse());
        assertThat(filled.left().stream().filter(l -> l.linkId().equals("readyToLeaveMinutes")))
                .singleElement()
                .satisfies(l -> assertThat(l.required()).isTrue());
    }

    @ParameterizedTest(name = "firstTreatment {0}: enrolment asked {1}")
    @MethodSource("enrolment")
    void theEnrolmentQuestionIsAskedAtTheFirstTreatmentOnly(Boolean first, boolean asked) {
        Map<String, Type> values = new LinkedHashMap<>();
        if (first != null) {
            values.put("firstTreatment", new BooleanType(first));
        }
        List<String> left = FormAnswers.fill(FORM, values).left().stream()
                .map(FormAnswers.Left::linkId)
                .toList();
        assertThat(left.contains("enrolledInRems")).isEqualTo(asked);
    }

    static Stream<Arguments> enrolment() {
        // Unknown whether it is the first: the enrolment question waits for that answer (firstTreatment is left).
        return Stream.of(Arguments.of(true, true), Arguments.of(false, false), Arguments.of(null, false));
    }

    @Test
    void anItemTypeTheFormDoesNotUseStillMaps() {
        QuestionnaireItemComponent decimal =
                new QuestionnaireItemComponent().setLinkId("x").setType(QuestionnaireItemType.DECIMAL);
        assertThat(FormAnswers.answer(decimal, new IntegerType(3)).map(Type::primitiveValue))
                .contains("3");
        QuestionnaireItemComponent dateTime =
                new QuestionnaireItemComponent().setLinkId("y").setType(QuestionnaireItemType.DATETIME);
        assertThat(FormAnswers.answer(dateTime, new DateType("2026-02-05")).map(Type::primitiveValue))
                .contains("2026-02-05");
    }
}
