package org.ketaminefhir.server.clinical.questionnaire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Type;

/**
 * A Questionnaire and a response to it, read together (pure): the Questionnaire's items by linkId, the response's
 * answers by linkId (nested items included), and the ordinal value the Questionnaire gives an answer. Every item of the
 * IG's Questionnaires has its code as its linkId (issue 22's contract), so the rules find an item by linkId.
 */
public final class ResponseItems {

    /** The extension that carries an answer option's score (FHIR core). */
    public static final String ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

    /** SDC: the expression a form filler calculates an item from (a total). */
    public static final String CALCULATED_EXPRESSION =
            "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";

    private final Questionnaire questionnaire;
    private final Map<String, Questionnaire.QuestionnaireItemComponent> items = new LinkedHashMap<>();
    private final Map<String, List<QuestionnaireResponse.QuestionnaireResponseItemComponent>> answered =
            new LinkedHashMap<>();

    public ResponseItems(Questionnaire questionnaire, QuestionnaireResponse response) {
        this.questionnaire = questionnaire;
        index(questionnaire.getItem());
        collect(response.getItem());
    }

    private void index(List<Questionnaire.QuestionnaireItemComponent> list) {
        for (Questionnaire.QuestionnaireItemComponent item : list) {
            items.put(item.getLinkId(), item);
            index(item.getItem());
        }
    }

    private void collect(List<QuestionnaireResponse.QuestionnaireResponseItemComponent> list) {
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : list) {
            answered.computeIfAbsent(item.getLinkId(), k -> new ArrayList<>()).add(item);
            collect(item.getItem());
            item.getAnswer().forEach(answer -> collect(answer.getItem()));
        }
    }

    public Questionnaire questionnaire() {
        return questionnaire;
    }

    /** The Questionnaire's items, in document order, nested ones included. */
    public List<Questionnaire.QuestionnaireItemComponent> items() {
        return List.copyOf(items.values());
    }

    public Optional<Questionnaire.QuestionnaireItemComponent> item(String linkId) {
        return Optional.ofNullable(items.get(linkId));
    }

    /** The linkIds the response has items for. */
    public List<String> answeredLinkIds() {
        return List.copyOf(answered.keySet());
    }

    /** The answers the response gives the item (all occurrences of its linkId). */
    public List<Type> answers(String linkId) {
        List<Type> values = new ArrayList<>();
        for (QuestionnaireResponse.QuestionnaireResponseItemComponent item : answered.getOrDefault(linkId, List.of())) {
            for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
                if (answer.hasValue()) {
                    values.add(answer.getValue());
                }
            }
        }
        return values;
    }

    /** The response's items with this linkId. */
    public List<QuestionnaireResponse.QuestionnaireResponseItemComponent> responseItems(String linkId) {
        return answered.getOrDefault(linkId, List.of());
    }

    public boolean isAnswered(String linkId) {
        return !answers(linkId).isEmpty();
    }

    /** The answer option of a choice item matching the coding (system and code), if any. */
    public static Optional<Questionnaire.QuestionnaireItemAnswerOptionComponent> option(
            Questionnaire.QuestionnaireItemComponent item, Coding coding) {
        return item.getAnswerOption().stream()
                .filter(option -> option.hasValueCoding() && same(option.getValueCoding(), coding))
                .findFirst();
    }

    /** Whether two codings name the same concept (same code, and same system when both state one). */
    public static boolean same(Coding a, Coding b) {
        return a.hasCode()
                && a.getCode().equals(b.getCode())
                && (!a.hasSystem() || !b.hasSystem() || a.getSystem().equals(b.getSystem()));
    }

    /** The ordinal value (score) the Questionnaire gives this answer of the item, if it gives one. */
    public static Optional<BigDecimal> ordinal(Questionnaire.QuestionnaireItemComponent item, Type answer) {
        if (!(answer instanceof Coding coding)) {
            return Optional.empty();
        }
        return option(item, coding).flatMap(ResponseItems::ordinal);
    }

    /** The ordinal value an answer option carries (on the option, or on its coding), if any. */
    public static Optional<BigDecimal> ordinal(Questionnaire.QuestionnaireItemAnswerOptionComponent option) {
        Extension extension = option.getExtensionByUrl(ORDINAL_VALUE);
        if (extension == null && option.hasValueCoding()) {
            extension = option.getValueCoding().getExtensionByUrl(ORDINAL_VALUE);
        }
        if (extension == null || !extension.hasValue()) {
            return Optional.empty();
        }
        if (extension.getValue() instanceof org.hl7.fhir.r4.model.DecimalType decimal && decimal.getValue() != null) {
            return Optional.of(decimal.getValue());
        }
        if (extension.getValue() instanceof org.hl7.fhir.r4.model.IntegerType integer && integer.getValue() != null) {
            return Optional.of(BigDecimal.valueOf(integer.getValue()));
        }
        return Optional.empty();
    }

    /** Whether the item is scored: a choice item whose answer options carry ordinal values, not read-only. */
    public static boolean scored(Questionnaire.QuestionnaireItemComponent item) {
        return !item.getReadOnly()
                && item.getAnswerOption().stream().anyMatch(o -> ordinal(o).isPresent());
    }
}
