package org.ketaminefhir.server.clinical.questionnaire;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/** The IG's Questionnaires and responses to them. */
final class Responses {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String LOINC = "http://loinc.org";
    static final String IG = "https://ketaminefhir.org/ig/";
    static final String[] PHQ9 = {
        "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"
    };
    static final String[] GAD7 = {"69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"};
    static final String[] ANSWERS = {"LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"};

    private Responses() {}

    /** The IG's Questionnaire as SUSHI generates it (ig/fsh-generated/resources). */
    static Questionnaire questionnaire(String id) {
        try {
            String json = java.nio.file.Files.readString(
                    java.nio.file.Path.of("ig/fsh-generated/resources/Questionnaire-" + id + ".json"),
                    StandardCharsets.UTF_8);
            return FHIR.newJsonParser().parseResource(Questionnaire.class, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static QuestionnaireResponse response(String questionnaire) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setId("qr-1");
        response.setQuestionnaire(IG + "Questionnaire/" + questionnaire);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference("Patient/p1"));
        response.setAuthoredElement(new DateTimeType("2026-01-05T09:00:00Z"));
        response.setSource(new Reference("Patient/p1"));
        return response;
    }

    static Coding answer(int ordinal) {
        return new Coding(LOINC, ANSWERS[ordinal], null);
    }

    /** A response to a scored questionnaire (phq-9 or gad-7) with these ordinals, in item order. */
    static QuestionnaireResponse scored(String questionnaire, int... ordinals) {
        String[] items = "phq-9".equals(questionnaire) ? PHQ9 : GAD7;
        QuestionnaireResponse response = response(questionnaire);
        for (int i = 0; i < ordinals.length; i++) {
            if (ordinals[i] >= 0) {
                add(response, items[i], answer(ordinals[i]));
            }
        }
        return response;
    }

    static QuestionnaireResponse add(QuestionnaireResponse response, String linkId, Type value) {
        response.addItem().setLinkId(linkId).addAnswer().setValue(value);
        return response;
    }

    /** A C-SSRS response: pairs of item code and yes/no ("93246-7", true, ...). */
    static QuestionnaireResponse cssrs(String form, Object... pairs) {
        QuestionnaireResponse response = response(form);
        for (int i = 0; i < pairs.length; i += 2) {
            add(response, (String) pairs[i], new BooleanType((Boolean) pairs[i + 1]));
        }
        return response;
    }
}
