package org.ketaminefhir.server.clinical.session;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A per-kg dose is only as right as the weight it is calculated on. The stated dosing weight must agree, within the
 * configured tolerance, with the weight its basis gives: the patient's latest body weight recorded within the
 * configured days before the session (actual), the Devine ideal body weight from the latest height (ideal), or the
 * adjusted body weight (adjusted); ideal and adjusted only from the configured BMI, and only bases the clinic allows.
 */
public final class DosingWeightRule {

    /** A recorded body weight. */
    public record Weighing(Instant when, BigDecimal kg) {}

    /** A recorded body height. */
    public record Height(Instant when, BigDecimal cm) {}

    /** What the chart says about the patient's body: weights, heights, and sex for the Devine formula (or null). */
    public record Body(List<Weighing> weights, List<Height> heights, String sex) {}

    /** The dosing weight the session states: its basis code and the weight in kg. */
    public record Stated(String basisCode, BigDecimal kg) {}

    private final DosingWeightSettings settings;

    public DosingWeightRule(DosingWeightSettings settings) {
        this.settings = settings;
    }

    /** What is wrong with the stated dosing weight of a session starting at {@code start}, if anything. */
    public Optional<String> problem(Stated stated, Instant start, Body body) {
        if (stated == null || stated.kg() == null) {
            return Optional.of("the session states no dosing weight (dosing-weight extension on the dosage)");
        }
        Instant earliest = start.minus(Duration.ofDays(settings.maxAgeDays()));
        Optional<Weighing> latest = body.weights().stream()
                .filter(w -> !w.when().isAfter(start) && !w.when().isBefore(earliest))
                .max(Comparator.comparing(Weighing::when));
        if (latest.isEmpty()) {
            return Optional.of("no body weight recorded in the " + settings.maxAgeDays() + " days before the session");
        }
        DosingWeightBasis basis = DosingWeightBasis.fromCode(stated.basisCode());
        if (basis == null || !settings.allowedBases().contains(basis)) {
            return Optional.of("dosing on " + stated.basisCode()
                    + " body weight is not allowed by the clinic's protocol (allowed: "
                    + settings.allowedBases().stream()
                            .map(DosingWeightBasis::code)
                            .sorted()
                            .collect(Collectors.joining(", "))
                    + ")");
        }
        Weighing weight = latest.get();
        BigDecimal reference;
        if (basis == DosingWeightBasis.ACTUAL) {
            reference = weight.kg();
        } else {
            Optional<Height> height = body.heights().stream()
                    .filter(h -> !h.when().isAfter(start))
                    .max(Comparator.comparing(Height::when));
            if (height.isEmpty()) {
                return Optional.of(basis.code() + " body weight needs a recorded body height");
            }
            if (!"male".equals(body.sex()) && !"female".equals(body.sex())) {
                return Optional.of(basis.code()
                        + " body weight (Devine formula) needs the patient's gender recorded as male or female");
            }
            BigDecimal cm = height.get().cm();
            BigDecimal bmi = BodyWeights.bmi(weight.kg(), cm);
            if (bmi.compareTo(settings.idealFromBmi()) < 0) {
                return Optional.of(
                        basis.code() + " body weight is for a BMI of " + BodyWeights.show(settings.idealFromBmi())
                                + " or more; the patient's BMI is "
                                + bmi.setScale(1, RoundingMode.FLOOR).toPlainString() + " ("
                                + BodyWeights.show(weight.kg()) + " kg, "
                                + BodyWeights.show(cm) + " cm)");
            }
            BigDecimal ideal = BodyWeights.idealDevine(body.sex(), cm);
            reference = basis == DosingWeightBasis.IDEAL
                    ? ideal
                    : BodyWeights.adjusted(ideal, weight.kg(), settings.adjustedFactor());
        }
        BigDecimal allowed =
                reference.multiply(settings.tolerancePercent()).divide(new BigDecimal("100"), 6, RoundingMode.HALF_UP);
        if (stated.kg().subtract(reference).abs().compareTo(allowed) > 0) {
            return Optional.of(
                    "dosing weight " + BodyWeights.show(stated.kg()) + " kg (" + basis.code() + ") is not within "
                            + BodyWeights.show(settings.tolerancePercent()) + " % of the patient's " + basis.code()
                            + " body weight of "
                            + BodyWeights.show(reference) + " kg (from the body weight of "
                            + BodyWeights.show(weight.kg()) + " kg recorded "
                            + weight.when() + ")");
        }
        return Optional.empty();
    }
}
