package org.ketaminefhir.server.clinical.rems;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Puts values known by linkId onto a Questionnaire's items, as a QuestionnaireResponse's items (pure): each value
 * becomes the answer of its item, in the item's type (string, text, date, dateTime, boolean, integer, decimal, quantity,
 * reference; a choice takes the answer option whose code the value names), inside its groups; an item whose value does
 * not fit its type is left. What is left: every enabled item that takes an answer, is not hidden and has none.
 */
public final class FormAnswers {

    static final String HIDDEN = "http://hl7.org/fhir/StructureDefinition/questionnaire-hidden";

    /** An item not filled in: its linkId, text and whether the Questionnaire requires it. */
    public record Left(String linkId, String text, boolean required) {}

    /** The response's items (only answered items, and the groups holding them) and what is left. */
    public record Filled(List<QuestionnaireResponseItemComponent> items, List<Left> left) {}

    private FormAnswers() {}

    public static Filled fill(Questionnaire questionnaire, Map<String, ? extends Type> values) {
        Map<String, Type> answers = new java.util.HashMap<>();
        collect(questionnaire.getItem(), values, answers);
        List<Left> left = new ArrayList<>();
        List<QuestionnaireResponseItemComponent> items = items(questionnaire.getItem(), answers, left);
        return new Filled(items, left);
    }

    /** The answers, by linkId, of every item whose value fits its type (before enableWhen is looked at). */
    private static void collect(
            List<QuestionnaireItemComponent> items, Map<String, ? extends Type> values, Map<String, Type> answers) {
        for (QuestionnaireItemComponent item : items) {
            Type value = values.get(item.getLinkId());
            if (value != null && takesAnswer(item)) {
                answer(item, value).ifPresent(answer -> answers.put(item.getLinkId(), answer));
            }
            collect(item.getItem(), values, answers);
        }
    }

    private static List<QuestionnaireResponseItemComponent> items(
            List<QuestionnaireItemComponent> items, Map<String, Type> answers, List<Left> left) {
        List<QuestionnaireResponseItemComponent> out = new ArrayList<>();
        for (QuestionnaireItemComponent item : items) {
            if (!enabled(item, answers)) {
                continue;
            }
            QuestionnaireResponseItemComponent answered =
                    new QuestionnaireResponseItemComponent().setLinkId(item.getLinkId());
            if (item.hasText()) {
                answered.setText(item.getText());
            }
            if (takesAnswer(item)) {
                Type answer = answers.get(item.getLinkId());
                if (answer != null) {
                    answered.addAnswer().setValue(answer);
                } else if (!hidden(item)) {
                    left.add(new Left(item.getLinkId(), item.getText(), item.getRequired()));
                }
            }
            List<QuestionnaireResponseItemComponent> children = items(item.getItem(), answers, left);
            if (answered.hasAnswer()) {
                answered.getAnswerFirstRep().getItem().addAll(children);
            } else {
                answered.getItem().addAll(children);
            }
            if (answered.hasAnswer() || !children.isEmpty()) {
                out.add(answered);
            }
        }
        return out;
    }

    private static boolean takesAnswer(QuestionnaireItemComponent item) {
        return item.getType() != Questionnaire.QuestionnaireItemType.GROUP
                && item.getType() != Questionnaire.QuestionnaireItemType.DISPLAY;
    }

    static boolean hidden(QuestionnaireItemComponent item) {
        return item.getExtensionsByUrl(HIDDEN).stream()
                .anyMatch(e -> e.getValue() instanceof BooleanType b && b.booleanValue());
    }

    /**
     * The value as the answer of an item of this type, or empty when it does not fit: a choice's answer is the option
     * whose code (and system, for a Coding) the value names.
     */
    public static Optional<Type> answer(QuestionnaireItemComponent item, Type value) {
        if (value == null || item.getType() == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                switch (item.getType()) {
                    case STRING, TEXT ->
                        value instanceof PrimitiveType<?> p && p.hasValue()
                                ? new StringType(p.getValueAsString())
                                : null;
                    case BOOLEAN -> value instanceof BooleanType b && b.hasValue() ? b.copy() : null;
                    case INTEGER -> value instanceof IntegerType i && i.hasValue() ? i.copy() : null;
                    case DECIMAL ->
                        value instanceof DecimalType d && d.hasValue()
                                ? d.copy()
                                : value instanceof IntegerType i && i.hasValue() ? new DecimalType(i.getValue()) : null;
                    case DATE ->
                        value instanceof DateType d && d.hasValue()
                                ? d.copy()
                                : value instanceof DateTimeType dt && dt.hasValue()
                                        ? new DateType(dt.getValueAsString().substring(0, 10))
                                        : null;
                    case DATETIME ->
                        value instanceof DateTimeType dt && dt.hasValue()
                                ? dt.copy()
                                : value instanceof DateType d && d.hasValue()
                                        ? new DateTimeType(d.getValueAsString())
                                        : null;
                    case QUANTITY -> value instanceof Quantity q && q.hasValue() ? q.copy() : null;
                    case REFERENCE -> value instanceof Reference r && r.hasReference() ? r.copy() : null;
                    case CHOICE, OPENCHOICE -> option(item, value);
                    default -> null;
                });
    }

    private static Type option(QuestionnaireItemComponent item, Type value) {
        String system = value instanceof Coding c ? c.getSystem() : null;
        String code = value instanceof Coding c
                ? c.getCode()
                : value instanceof PrimitiveType<?> p ? p.getValueAsString() : null;
        if (code == null) {
            return null;
        }
        for (Questionnaire.QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
            if (option.getValue() instanceof Coding coding
                    && code.equals(coding.getCode())
                    && (system == null || system.equals(coding.getSystem()))) {
                return coding.copy();
            }
            if (option.getValue() instanceof StringType string && code.equals(string.getValue())) {
                return string.copy();
            }
        }
        return item.getType() == Questionnaire.QuestionnaireItemType.OPENCHOICE && value instanceof StringType
                ? value.copy()
                : null;
    }

    /**
     * Whether the item is enabled by the answers filled in (enableWhen with =, != or exists; a question not answered
     * satisfies only != and exists false). Without enableWhen an item is enabled.
     */
    static boolean enabled(QuestionnaireItemComponent item, Map<String, Type> answers) {
        if (!item.hasEnableWhen()) {
            return true;
        }
        boolean all = item.getEnableBehavior() != Questionnaire.EnableWhenBehavior.ANY;
        for (QuestionnaireItemEnableWhenComponent condition : item.getEnableWhen()) {
            boolean met = met(condition, answers.get(condition.getQuestion()));
            if (all && !met) {
                return false;
            }
            if (!all && met) {
                return true;
            }
        }
        return all;
    }

    private static boolean met(QuestionnaireItemEnableWhenComponent condition, Type answer) {
        return switch (condition.getOperator()) {
            case EXISTS -> condition.getAnswerBooleanType().booleanValue() == (answer != null);
            case EQUAL -> answer != null && same(answer, condition.getAnswer());
            case NOT_EQUAL -> answer == null || !same(answer, condition.getAnswer());
            default -> false;
        };
    }

    private static boolean same(Type answer, Type expected) {
        if (answer instanceof Coding a && expected instanceof Coding e) {
            return java.util.Objects.equals(a.getCode(), e.getCode())
                    && (!e.hasSystem() || java.util.Objects.equals(a.getSystem(), e.getSystem()));
        }
        return answer.isPrimitive() && expected.isPrimitive()
                ? java.util.Objects.equals(answer.primitiveValue(), expected.primitiveValue())
                : answer.equalsDeep(expected);
    }
}
