package org.ketaminefhir.server.ig;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The IG's Questionnaires as the other helpers rely on them: ids, linkIds = codes, weights and extraction templates. */
class IgQuestionnairesTest {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String BASE = "https://ketaminefhir.org/ig/";
    static final String SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/";
    static final String ORDINAL = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
    static final List<String> FREQUENCY = List.of("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9");

    static Questionnaire read(String id) throws IOException {
        return FHIR.newJsonParser()
                .parseResource(
                        Questionnaire.class,
                        Files.readString(Path.of("ig/fsh-generated/resources/Questionnaire-" + id + ".json")));
    }

    static List<Questionnaire.QuestionnaireItemComponent> items(Questionnaire q) {
        List<Questionnaire.QuestionnaireItemComponent> all = new ArrayList<>();
        q.getItem().forEach(i -> collect(i, all));
        return all;
    }

    static void collect(
            Questionnaire.QuestionnaireItemComponent item, List<Questionnaire.QuestionnaireItemComponent> all) {
        all.add(item);
        item.getItem().forEach(i -> collect(i, all));
    }

    @Test
    void theFourQuestionnairesHaveTheirCanonicalTheGuidesVersionAndAPatientSubject() throws IOException {
        Matcher version =
                Pattern.compile("(?m)^version:\\s*(\\S+)").matcher(Files.readString(Path.of("ig/sushi-config.yaml")));
        assertThat(version.find()).isTrue();
        for (String id : List.of("phq-9", "gad-7", "cssrs-screener-recent", "cssrs-screener-since-last-visit")) {
            Questionnaire q = read(id);
            assertThat(q.getUrl()).isEqualTo(BASE + "Questionnaire/" + id);
            assertThat(q.getVersion()).as(id).isEqualTo(version.group(1));
            assertThat(q.getStatus().toCode()).isEqualTo("active");
            assertThat(q.getSubjectType()).extracting(t -> t.getValue()).containsExactly("Patient");
            for (Questionnaire.QuestionnaireItemComponent item : items(q)) {
                assertThat(item.getCode()).as(id + " " + item.getLinkId()).hasSize(1);
                assertThat(item.getCodeFirstRep().getCode()).isEqualTo(item.getLinkId());
            }
        }
    }

    @Test
    void phq9AndGad7ScoreTheirItemsZeroToThreeAndCarryATotal() throws IOException {
        Map<String, List<String>> scored = Map.of(
                "phq-9",
                List.of(
                        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3",
                        "44260-8"),
                "gad-7",
                List.of("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"));
        Map<String, String> total = Map.of("phq-9", "44261-6", "gad-7", "70274-6");
        for (String id : scored.keySet()) {
            Questionnaire q = read(id);
            for (String linkId : scored.get(id)) {
                Questionnaire.QuestionnaireItemComponent item = item(q, linkId);
                assertThat(item.getRequired()).as(linkId).isTrue();
                assertThat(item.getAnswerOption())
                        .extracting(o -> o.getValueCoding().getCode())
                        .isEqualTo(FREQUENCY);
                assertThat(item.getAnswerOption())
                        .extracting(
                                o -> ((DecimalType) o.getExtensionByUrl(ORDINAL).getValue())
                                        .getValueAsNumber()
                                        .intValue())
                        .containsExactly(0, 1, 2, 3);
            }
            Questionnaire.QuestionnaireItemComponent totalItem = item(q, total.get(id));
            assertThat(totalItem.getType().toCode()).isEqualTo("integer");
            assertThat(totalItem.getReadOnly()).isTrue();
            assertThat(totalItem.hasExtension(SDC + "sdc-questionnaire-calculatedExpression"))
                    .isTrue();
        }
        Questionnaire.QuestionnaireItemComponent difficulty = item(read("phq-9"), "69722-7");
        assertThat(difficulty.getRequired()).isFalse();
        assertThat(difficulty.getAnswerOption())
                .allSatisfy(o -> assertThat(o.hasExtension(ORDINAL)).isFalse());
    }

    @Test
    void everyTemplateIsAContainedObservationWithItsProfileAndCode() throws IOException {
        record Expected(String questionnaire, String linkId, String profile, String code) {}
        for (Expected e : List.of(
                new Expected("phq-9", "44261-6", "ketamine-score", "44261-6"),
                new Expected("phq-9", "44260-8", "ketamine-questionnaire-finding", "44260-8"),
                new Expected("gad-7", "70274-6", "ketamine-score", "70274-6"),
                new Expected("cssrs-screener-recent", "cssrs-risk", "ketamine-questionnaire-finding", "cssrs-risk"),
                new Expected(
                        "cssrs-screener-since-last-visit",
                        "cssrs-risk",
                        "ketamine-questionnaire-finding",
                        "cssrs-risk"))) {
            Questionnaire q = read(e.questionnaire());
            Extension templateExtract =
                    item(q, e.linkId()).getExtensionByUrl(SDC + "sdc-questionnaire-templateExtract");
            assertThat(templateExtract).as(e.toString()).isNotNull();
            String reference = ((org.hl7.fhir.r4.model.Reference)
                            templateExtract.getExtensionByUrl("template").getValue())
                    .getReference();
            assertThat(reference).startsWith("#");
            Resource template = q.getContained().stream()
                    .filter(r -> r.getIdElement().getIdPart().equals(reference.substring(1)))
                    .findFirst()
                    .orElseThrow();
            Observation observation = (Observation) template;
            assertThat(observation.getMeta().getProfile())
                    .extracting(p -> p.getValue())
                    .containsExactly(BASE + "StructureDefinition/" + e.profile());
            assertThat(observation.getCode().getCodingFirstRep().getCode()).isEqualTo(e.code());
            assertThat(observation.getCategoryFirstRep().getCodingFirstRep().getCode())
                    .isEqualTo("survey");
        }
    }

    @Test
    void theCssrsFollowUpQuestionsAreEnabledByAYesAndRequiredWhenShown() throws IOException {
        Questionnaire recent = read("cssrs-screener-recent");
        for (String linkId : List.of("93248-3", "93249-1", "93250-9")) {
            Questionnaire.QuestionnaireItemComponent item = item(recent, linkId);
            assertThat(item.getRequired()).isTrue();
            assertThat(item.getEnableWhenFirstRep().getQuestion()).isEqualTo("93247-5");
            assertThat(item.getEnableWhenFirstRep().getAnswerBooleanType().getValue())
                    .isTrue();
        }
        assertThat(item(recent, "93269-9").getEnableWhenFirstRep().getQuestion())
                .isEqualTo("93267-3");
        Set<String> sinceLastVisit = Set.copyOf(items(read("cssrs-screener-since-last-visit")).stream()
                .map(i -> i.getLinkId())
                .toList());
        assertThat(sinceLastVisit).doesNotContain("93269-9").contains("93267-3", "cssrs-risk");
        assertThat(item(recent, "cssrs-risk").getAnswerOption())
                .extracting(o -> o.getValueCoding().getCode())
                .containsExactly("low", "moderate", "high");
    }

    @Test
    void theExampleResponsesTotalsAgreeWithTheirAnswers() throws IOException {
        List<Path> responses;
        try (var files = Files.list(Path.of("ig/fsh-generated/resources"))) {
            responses = files.filter(f -> f.getFileName().toString().startsWith("QuestionnaireResponse-"))
                    .sorted()
                    .toList();
        }
        Map<String, String> totals = Map.of("phq-9", "44261-6", "gad-7", "70274-6");
        int checked = 0;
        for (Path file : responses) {
            QuestionnaireResponse response =
                    FHIR.newJsonParser().parseResource(QuestionnaireResponse.class, Files.readString(file));
            String id = response.getQuestionnaire().replaceFirst("\\|.*$", "");
            id = id.substring(id.lastIndexOf('/') + 1);
            if (!totals.containsKey(id)) {
                continue;
            }
            Questionnaire q = read(id);
            int sum = 0;
            Integer total = null;
            for (QuestionnaireResponse.QuestionnaireResponseItemComponent answered : response.getItem()) {
                if (answered.getLinkId().equals(totals.get(id))) {
                    total = answered.getAnswerFirstRep().getValueIntegerType().getValue();
                    continue;
                }
                String code = answered.getAnswerFirstRep().getValueCoding().getCode();
                for (Questionnaire.QuestionnaireItemAnswerOptionComponent option :
                        item(q, answered.getLinkId()).getAnswerOption()) {
                    if (option.getValueCoding().getCode().equals(code) && option.hasExtension(ORDINAL)) {
                        sum += ((DecimalType) option.getExtensionByUrl(ORDINAL).getValue())
                                .getValueAsNumber()
                                .intValue();
                    }
                }
            }
            assertThat(total).as(file.toString()).isEqualTo(sum);
            checked++;
        }
        assertThat(checked).isEqualTo(4);
    }

    static Questionnaire.QuestionnaireItemComponent item(Questionnaire q, String linkId) {
        return items(q).stream()
                .filter(i -> i.getLinkId().equals(linkId))
                .findFirst()
                .orElseThrow(() -> new AssertionError(q.getId() + " has no item " + linkId));
    }
}
