package org.ketaminefhir.server.clinical.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Observation;
import org.ketaminefhir.server.clinical.BodyWeight;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.eligibility.CurrentScreening;
import org.ketaminefhir.server.clinical.eligibility.ScreeningEvaluation;

/**
 * Reads the {@link PlanFacts} of a patient: each screening that counts, and the baseline body weight it links (a
 * fixed-dose protocol states its doses in mg/kg of the weight on the screening that licenses the plan).
 */
public class PlanChart {

    private final PatientChart chart;
    private final ScreeningEvaluation screenings;

    public PlanChart(PatientChart chart, ScreeningEvaluation screenings) {
        this.chart = chart;
        this.screenings = screenings;
    }

    public PlanFacts facts(String patient) {
        List<CurrentScreening.Screening> counted = new ArrayList<>();
        Map<String, BigDecimal> weights = new HashMap<>();
        for (Observation screening : chart.screenings(patient)) {
            CurrentScreening.Screening summary = screenings.summary(screening);
            if (summary != null) {
                counted.add(summary);
                baselineWeight(screening).ifPresent(kg -> weights.put(summary.id(), kg));
            }
        }
        return new PlanFacts(counted, weights);
    }

    /** The first body weight among the screening's hasMember that has a value in kg (or a unit convertible to kg). */
    private Optional<BigDecimal> baselineWeight(Observation screening) {
        return screening.getHasMember().stream()
                .map(member -> chart.resolve(member, Observation.class))
                .flatMap(Optional::stream)
                .flatMap(o -> BodyWeight.of(o).flatMap(BodyWeight::kilograms).stream())
                .findFirst();
    }
}
