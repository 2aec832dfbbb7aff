package org.ketaminefhir.server.clinical.questionnaire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Type;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * What the server computes from a response (pure), from the Questionnaire alone: the weights are the ordinal values of
 * the answer options, so the server scores whatever the IG's Questionnaire says.
 *
 * <ul>
 *   <li>a total: a read-only integer item with a calculated expression (PHQ-9 44261-6, GAD-7 70274-6) is the sum of the
 *       ordinals of the answers to the scored items (choice items whose options carry ordinal values);
 *   <li>the C-SSRS risk: the read-only item {@code cssrs-risk} of a C-SSRS form, from {@link CssrsRisk}.
 * </ul>
 *
 * {@code QR-SCORE}: a response that states such a value other than the computed one is refused, naming both.
 */
public final class QuestionnaireScoring {

    public static final String SCORE = "QR-SCORE";

    /** A value the server computes for a read-only item, and the answer it takes. */
    public record Computed(String linkId, Type value) {
        /** The value in words ("12", "high"). */
        public String text() {
            return value instanceof Coding coding ? coding.getCode() : value.primitiveValue();
        }
    }

    private QuestionnaireScoring() {}

    /** The sum of the ordinals of the scored items' answers, or empty when the Questionnaire scores no item. */
    public static Optional<Integer> total(ResponseItems response) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean scored = false;
        for (QuestionnaireItemComponent item : response.items()) {
            if (!ResponseItems.scored(item)) {
                continue;
            }
            scored = true;
            for (Type answer : response.answers(item.getLinkId())) {
                sum = sum.add(ResponseItems.ordinal(item, answer).orElse(BigDecimal.ZERO));
            }
        }
        return scored ? Optional.of(sum.intValue()) : Optional.empty();
    }

    /** The ordinal value of the answer to one item (e.g. PHQ-9 item 9, 44260-8), if answered with a scored option. */
    public static Optional<BigDecimal> ordinal(ResponseItems response, String linkId) {
        Optional<QuestionnaireItemComponent> item = response.item(linkId);
        if (item.isEmpty()) {
            return Optional.empty();
        }
        return response.answers(linkId).stream()
                .map(answer -> ResponseItems.ordinal(item.get(), answer))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * The values the server computes for the response's read-only items.
     *
     * @param questionnaireId the id of the IG's Questionnaire (decides the C-SSRS form)
     * @param suicideRiskSystem the IG's suicide-risk CodeSystem (for a risk item without answer options)
     */
    public static List<Computed> computed(ResponseItems response, String questionnaireId, String suicideRiskSystem) {
        List<Computed> computed = new ArrayList<>();
        Optional<CssrsRisk.Form> form = CssrsRisk.Form.of(questionnaireId);
        for (QuestionnaireItemComponent item : response.items()) {
            if (!item.getReadOnly()) {
                continue;
            }
            if (item.getType() == Questionnaire.QuestionnaireItemType.INTEGER
                    && item.hasExtension(ResponseItems.CALCULATED_EXPRESSION)) {
                total(response)
                        .ifPresent(total -> computed.add(new Computed(item.getLinkId(), new IntegerType(total))));
            } else if (item.getType() == Questionnaire.QuestionnaireItemType.CHOICE
                    && CssrsRisk.RISK_ITEM.equals(item.getLinkId())
                    && form.isPresent()) {
                CssrsRisk.Risk risk = CssrsRisk.risk(form.get(), booleans(response));
                Coding coding = item.getAnswerOption().stream()
                        .filter(o -> o.hasValueCoding()
                                && risk.code().equals(o.getValueCoding().getCode()))
                        .map(o -> o.getValueCoding().copy())
                        .findFirst()
                        .orElseGet(() -> new Coding(suicideRiskSystem, risk.code(), null));
                coding.getExtension().clear();
                computed.add(new Computed(item.getLinkId(), coding));
            }
        }
        return computed;
    }

    /** The yes/no answers of the response by linkId (enabled items only: a disabled item is not asked). */
    static Map<String, Boolean> booleans(ResponseItems response) {
        Map<String, Boolean> answers = new HashMap<>();
        for (QuestionnaireItemComponent item : response.items()) {
            if (!ResponseCheck.enabled(item, response)) {
                continue;
            }
            for (Type answer : response.answers(item.getLinkId())) {
                if (answer instanceof BooleanType yes && yes.getValue() != null) {
                    answers.put(item.getLinkId(), yes.getValue());
                }
            }
        }
        return answers;
    }

    /** QR-SCORE: the computed values the response states otherwise. */
    public static List<Finding> disagreements(ResponseItems response, List<Computed> computed) {
        List<Finding> findings = new ArrayList<>();
        for (Computed value : computed) {
            for (Type stated : response.answers(value.linkId())) {
                if (!agrees(stated, value.value())) {
                    String given = stated instanceof Coding c ? c.getCode() : stated.primitiveValue();
                    findings.add(new Finding(
                            SCORE,
                            "item " + value.linkId() + " states " + given + " but the answers give " + value.text(),
                            "QuestionnaireResponse.item"));
                }
            }
        }
        return findings;
    }

    private static boolean agrees(Type stated, Type computed) {
        if (stated instanceof Coding a && computed instanceof Coding b) {
            return ResponseItems.same(a, b);
        }
        if (stated instanceof IntegerType a && computed instanceof IntegerType b) {
            return a.getValue() != null && a.getValue().equals(b.getValue());
        }
        return false;
    }
}
