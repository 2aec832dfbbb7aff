package org.ketaminefhir.server.clinical.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/** The SDC template-based extraction on the Questionnaires: what each response yields. */
class TemplateExtractionTest {

    private static final TemplateExtraction ENGINE = new TemplateExtraction(Responses.FHIR);

    private static List<Observation> extract(String questionnaire, QuestionnaireResponse response) {
        return ENGINE.resources(Responses.questionnaire(questionnaire), response).stream()
                .map(r -> (Observation) r)
                .toList();
    }

    @Test
    void phq9YieldsItsTotalAndItem9() {
        QuestionnaireResponse response = Responses.scored("phq-9", 1, 1, 1, 1, 1, 1, 1, 1, 2);
        Responses.add(response, "44261-6", new IntegerType(10));
        response.setId("QuestionnaireResponse/77/_history/3");

        List<Observation> derived = extract("phq-9", response);

        assertThat(derived).hasSize(2);
        Observation item9 = derived.get(0);
        assertThat(item9.getCode().getCodingFirstRep().getCode()).isEqualTo("44260-8");
        assertThat(item9.getValueCodeableConcept().getCodingFirstRep().getCode())
                .isEqualTo("LA6570-1");
        assertThat(item9.getMeta().getProfile().get(0).getValue())
                .isEqualTo(Responses.IG + "StructureDefinition/ketamine-questionnaire-finding");
        Observation total = derived.get(1);
        assertThat(total.getCode().getCodingFirstRep().getCode()).isEqualTo("44261-6");
        assertThat(total.getValueIntegerType().getValue()).isEqualTo(10);
        for (Observation o : derived) {
            assertThat(o.getSubject().getReference()).isEqualTo("Patient/p1");
            assertThat(o.getEffectiveDateTimeType().getValueAsString()).isEqualTo("2026-01-05T09:00:00Z");
            assertThat(o.getDerivedFromFirstRep().getReference()).isEqualTo("QuestionnaireResponse/77");
            assertThat(o.getStatus()).isEqualTo(Observation.ObservationStatus.FINAL);
            assertThat(o.getIdElement().hasIdPart())
                    .as("the template's id is left out")
                    .isFalse();
            String json = Responses.FHIR.newJsonParser().encodeResourceToString(o);
            assertThat(json).doesNotContain("templateExtract");
        }
    }

    @Test
    void anUnansweredTotalYieldsNoValueAndAResponseWithoutIdNoDerivedFrom() {
        QuestionnaireResponse response = Responses.scored("gad-7", 0, 0, 0, 0, 0, 0, 0);
        response.setId((String) null);
        assertThat(extract("gad-7", response))
                .as("the total item is not in the response")
                .isEmpty();

        Responses.add(response, "70274-6", new IntegerType(0));
        assertThat(extract("gad-7", response)).singleElement().satisfies(o -> {
            assertThat(o.getCode().getCodingFirstRep().getCode()).isEqualTo("70274-6");
            assertThat(o.getValueIntegerType().getValue()).isZero();
            assertThat(o.hasDerivedFrom()).isFalse();
        });
    }

    @Test
    void cssrsYieldsItsRiskAsATransactionBundle() {
        QuestionnaireResponse response =
                Responses.cssrs("cssrs-screener-since-last-visit", "93246-7", true, "93247-5", false, "93267-3", false);
        Responses.add(response, "cssrs-risk", new Coding(Responses.IG + "CodeSystem/suicide-risk", "moderate", null));
        Bundle bundle = ENGINE.extract(Responses.questionnaire("cssrs-screener-since-last-visit"), response);
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.TRANSACTION);
        assertThat(bundle.getEntry()).singleElement().satisfies(entry -> {
            assertThat(entry.getRequest().getMethod()).isEqualTo(Bundle.HTTPVerb.POST);
            assertThat(entry.getFullUrl()).startsWith("urn:uuid:");
            Resource resource = entry.getResource();
            Observation risk = (Observation) resource;
            assertThat(risk.getCode().getCodingFirstRep().getCode()).isEqualTo("cssrs-risk");
            assertThat(risk.getValueCodeableConcept().getCodingFirstRep().getCode())
                    .isEqualTo("moderate");
            assertThat(risk.getDerivedFromFirstRep().getReference()).isEqualTo("QuestionnaireResponse/qr-1");
        });
    }

    @Test
    void templateContextRepeatsAnElementPerResult() {
        var questionnaire = Responses.questionnaire("gad-7");
        Observation template = (Observation) questionnaire.getContained().get(0);
        org.hl7.fhir.r4.model.Annotation note = template.addNote();
        note.addExtension(TemplateExtraction.TEMPLATE_CONTEXT, new org.hl7.fhir.r4.model.StringType("%resource.item"));
        note.getTextElement()
                .addExtension(TemplateExtraction.TEMPLATE_VALUE, new org.hl7.fhir.r4.model.StringType("linkId"));
        QuestionnaireResponse response = Responses.scored("gad-7", 0, 0, 0, 0, 0, 0, 0);
        Responses.add(response, "70274-6", new IntegerType(0));
        Observation derived =
                (Observation) ENGINE.resources(questionnaire, response).get(0);
        assertThat(derived.getNote()).extracting(n -> n.getText()).hasSize(8).startsWith("69725-0");
    }
}
