package org.ketaminefhir.server.cds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;
import org.ketaminefhir.server.clinical.session.DosingWeightBasis;
import org.ketaminefhir.server.clinical.session.DosingWeightRule;
import org.ketaminefhir.server.clinical.session.SessionChart;
import org.ketaminefhir.server.clinical.session.SessionFacts;
import org.ketaminefhir.server.clinical.session.SessionRules;
import org.ketaminefhir.server.fhir.RuleViolation.Finding;

/**
 * Checks a draft order with the rules the server enforces when the session is written: the order becomes the
 * {@link SessionFacts} of the session it would give (nothing overridden, not yet completed) and {@link SessionRules}
 * decide; the eligibility reasons the server recorded on the deciding screening (contraindications, interacting
 * medications, blood pressure) are added. No rule is restated here.
 */
public class OrderCheck {

    private final SessionRules rules;
    private final ScreeningEvaluation screenings;
    private final EligibilitySettings eligibility;
    private final IgTerms terms;

    public OrderCheck(
            SessionRules rules, ScreeningEvaluation screenings, EligibilitySettings eligibility, IgTerms terms) {
        this.rules = rules;
        this.screenings = screenings;
        this.eligibility = eligibility;
        this.terms = terms;
    }

    public List<OrderConcern> check(DraftOrder order, ChartRecords records) {
        List<CurrentScreening.Screening> evaluated = records.screenings().stream()
                .map(screenings::summary)
                .filter(Objects::nonNull)
                .toList();
        String sex = records.patient() != null && records.patient().hasGender()
                ? records.patient().getGender().toCode()
                : null;
        DosingWeightRule.Body body = SessionChart.body(records.bodyMeasurements(), sex);
        Optional<DosingWeightRule.Weighing> weight = body.weights().stream()
                .filter(w -> !w.when().isAfter(order.start()))
                .max(Comparator.comparing(DosingWeightRule.Weighing::when));
        SessionFacts facts = new SessionFacts(
                order.esketamine(),
                order.routeCode(),
                order.doseMg(),
                dosePerKg(order, weight),
                // An order states no dosing weight: the session will be dosed on the latest actual weight, so the rule
                // checks that one was recorded recently enough (and that the clinic doses on actual weight).
                new DosingWeightRule.Stated(
                        DosingWeightBasis.ACTUAL.code(),
                        weight.map(DosingWeightRule.Weighing::kg).orElse(BigDecimal.ZERO)),
                false,
                order.start(),
                Map.of(),
                evaluated,
                SessionChart.sessionStarts(records.sessions(), null),
                body,
                null,
                SessionChart.suicideRiskAlerts(records.safetyAlerts(), terms.codeSystem("safety-alert")));

        CurrentScreening.Decision current =
                CurrentScreening.at(order.start(), evaluated, eligibility.screeningValidDays());
        String deciding = current.deciding().map(CurrentScreening.Screening::id).orElse(null);
        List<OrderConcern> concerns = new ArrayList<>();
        for (Finding finding : rules.check(facts)) {
            concerns.add(new OrderConcern(
                    finding.ruleId(), order, SessionRules.SCREENING.equals(finding.ruleId()) ? deciding : null));
        }
        if (deciding != null) {
            records.screenings().stream()
                    .filter(s ->
                            deciding.equals("Observation/" + s.getIdElement().getIdPart()))
                    .findFirst()
                    .map(screenings::recordedRules)
                    .orElse(List.of())
                    .forEach(rule -> concerns.add(new OrderConcern(rule, order, deciding)));
        }
        return concerns;
    }

    /** The dose per kg as ordered, or the mg dose over the latest recorded weight. */
    private static BigDecimal dosePerKg(DraftOrder order, Optional<DosingWeightRule.Weighing> weight) {
        if (order.dosePerKg() != null) {
            return order.dosePerKg();
        }
        if (order.doseMg() == null || weight.isEmpty() || weight.get().kg().signum() <= 0) {
            return null;
        }
        return order.doseMg().divide(weight.get().kg(), 3, RoundingMode.HALF_UP);
    }
}
