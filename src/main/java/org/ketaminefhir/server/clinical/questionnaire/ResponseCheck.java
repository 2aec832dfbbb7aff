package org.ketaminefhir.server.clinical.questionnaire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.Type;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * Whether a completed (or amended) response answers its Questionnaire (pure):
 *
 * <ul>
 *   <li>{@code QR-REQUIRED}: every required item that is enabled (its {@code enableWhen}, with {@code enableBehavior},
 *       holds on the response's answers) has an answer; read-only items are the server's to fill;
 *   <li>{@code QR-ANSWER}: every answer is of the item's type, a choice answer is one of the item's options, a
 *       non-repeating item has one answer, and no answer is given to an item the Questionnaire does not have or that is
 *       not enabled.
 * </ul>
 */
public final class ResponseCheck {

    public static final String REQUIRED = "QR-REQUIRED";
    public static final String ANSWER = "QR-ANSWER";

    private ResponseCheck() {}

    public static List<Finding> check(ResponseItems response) {
        List<Finding> findings = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        for (QuestionnaireItemComponent item : response.items()) {
            boolean enabled = enabled(item, response);
            List<Type> answers = response.answers(item.getLinkId());
            if (item.getRequired()
                    && !item.getReadOnly()
                    && enabled
                    && answers.isEmpty()
                    && item.getType() != Questionnaire.QuestionnaireItemType.GROUP
                    && item.getType() != Questionnaire.QuestionnaireItemType.DISPLAY) {
                unanswered.add(item.getLinkId());
            }
            if (!answers.isEmpty() && !enabled) {
                findings.add(new Finding(
                        ANSWER,
                        "item " + item.getLinkId() + " is answered but not enabled by the answers it depends on",
                        "QuestionnaireResponse.item"));
                continue;
            }
            if (answers.size() > 1 && !item.getRepeats()) {
                findings.add(new Finding(
                        ANSWER,
                        "item " + item.getLinkId() + " takes one answer, the response gives " + answers.size(),
                        "QuestionnaireResponse.item"));
            }
            for (Type answer : answers) {
                answerProblem(item, answer)
                        .ifPresent(problem -> findings.add(new Finding(
                                ANSWER, "item " + item.getLinkId() + ": " + problem, "QuestionnaireResponse.item")));
            }
        }
        for (String linkId : response.answeredLinkIds()) {
            if (response.item(linkId).isEmpty()) {
                findings.add(new Finding(
                        ANSWER,
                        "item " + linkId + " is not an item of the Questionnaire",
                        "QuestionnaireResponse.item"));
            }
        }
        if (!unanswered.isEmpty()) {
            findings.add(
                    0,
                    new Finding(
                            REQUIRED,
                            "a completed response must answer the required item" + (unanswered.size() > 1 ? "s " : " ")
                                    + String.join(", ", unanswered),
                            "QuestionnaireResponse.item"));
        }
        return findings;
    }

    /** Why the answer does not fit the item, if it does not. */
    static Optional<String> answerProblem(QuestionnaireItemComponent item, Type answer) {
        String type = item.getType() == null ? "" : item.getType().toCode();
        String given = answer.fhirType();
        String expected = switch (type) {
            case "boolean" -> "boolean";
            case "choice", "open-choice" -> "Coding";
            case "integer" -> "integer";
            case "decimal" -> "decimal";
            case "string", "text" -> "string";
            case "date" -> "date";
            case "dateTime" -> "dateTime";
            case "time" -> "time";
            case "url" -> "uri";
            case "quantity" -> "Quantity";
            case "attachment" -> "Attachment";
            case "reference" -> "Reference";
            case "group", "display" -> "no answer";
            default -> given;
        };
        if ("open-choice".equals(type) && "string".equals(given)) {
            return Optional.empty();
        }
        if (!expected.equals(given)) {
            return Optional.of("a " + type + " item takes a " + expected + " answer, not " + given);
        }
        if (answer instanceof Coding coding && item.hasAnswerOption() && "choice".equals(type)) {
            if (ResponseItems.option(item, coding).isEmpty()) {
                return Optional.of("answer " + (coding.hasSystem() ? coding.getSystem() + "|" : "") + coding.getCode()
                        + " is not one of the item's options");
            }
        }
        return Optional.empty();
    }

    /** Whether the item and the items it is nested in are enabled by the response's answers. */
    public static boolean enabled(QuestionnaireItemComponent item, ResponseItems response) {
        if (!item.hasEnableWhen()) {
            return true;
        }
        boolean all = item.getEnableBehavior() == Questionnaire.EnableWhenBehavior.ALL;
        boolean any = false;
        for (QuestionnaireItemEnableWhenComponent condition : item.getEnableWhen()) {
            boolean holds = holds(condition, response);
            if (all && !holds) {
                return false;
            }
            any |= holds;
        }
        return all || any;
    }

    private static boolean holds(QuestionnaireItemEnableWhenComponent condition, ResponseItems response) {
        Optional<QuestionnaireItemComponent> question = response.item(condition.getQuestion());
        List<Type> answers = question.isPresent() && enabled(question.get(), response)
                ? response.answers(condition.getQuestion())
                : List.of();
        Questionnaire.QuestionnaireItemOperator operator = condition.getOperator();
        if (operator == Questionnaire.QuestionnaireItemOperator.EXISTS) {
            boolean wanted = condition.getAnswer() instanceof BooleanType b && Boolean.TRUE.equals(b.getValue());
            return answers.isEmpty() != wanted;
        }
        if (operator == Questionnaire.QuestionnaireItemOperator.NOT_EQUAL) {
            return answers.stream().noneMatch(a -> compare(a, condition.getAnswer()) == 0);
        }
        for (Type answer : answers) {
            Integer c = compare(answer, condition.getAnswer());
            if (c == null) {
                continue;
            }
            boolean match = switch (operator) {
                case EQUAL -> c == 0;
                case GREATER_THAN -> c > 0;
                case LESS_THAN -> c < 0;
                case GREATER_OR_EQUAL -> c >= 0;
                case LESS_OR_EQUAL -> c <= 0;
                default -> false;
            };
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** Compares an answer with an enableWhen value: 0 equal, else the order (null: not comparable). */
    static Integer compare(Type answer, Type wanted) {
        if (answer == null || wanted == null) {
            return null;
        }
        if (answer instanceof Coding a && wanted instanceof Coding b) {
            return ResponseItems.same(a, b) ? 0 : null;
        }
        if ((answer instanceof IntegerType || answer instanceof DecimalType)
                && (wanted instanceof IntegerType || wanted instanceof DecimalType)) {
            return number(answer).compareTo(number(wanted));
        }
        if (answer instanceof PrimitiveType<?> a
                && wanted instanceof PrimitiveType<?> b
                && a.fhirType().equals(b.fhirType())) {
            String x = a.getValueAsString();
            String y = b.getValueAsString();
            return x == null || y == null ? null : Integer.signum(x.compareTo(y));
        }
        return null;
    }

    private static BigDecimal number(Type value) {
        return value instanceof IntegerType i ? BigDecimal.valueOf(i.getValue()) : ((DecimalType) value).getValue();
    }
}
