package org.ketaminefhir.server.cds;

import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseLinkJson;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ketaminefhir.server.clinical.PreDoseBloodPressure;
import org.ketaminefhir.server.clinical.PsychiatricSafetySettings;
import org.ketaminefhir.server.clinical.eligibility.EligibilityRules;
import org.ketaminefhir.server.clinical.eligibility.EligibilitySettings;
import org.ketaminefhir.server.clinical.session.DosingWeightBasis;
import org.ketaminefhir.server.clinical.session.DosingWeightSettings;
import org.ketaminefhir.server.clinical.session.SessionRules;
import org.ketaminefhir.server.clinical.session.SessionSettings;

/**
 * Turns the rules' concerns about draft orders into CDS Hooks cards. A card names the rule and its configured
 * threshold, and repeats only what the EHR itself sent (the order's dose and route): never the clinical detail of the
 * clinic's records (which contraindication, which blood pressure), which the prescriber opens in the clinic's app.
 * Refusals the server would make on the session are critical, unless the rule is one a clinician may override with a
 * reason (then warning); precautions recorded on the screening are warnings.
 */
public class OrderCards {

    /** Where the cards link to: the clinic's app and the FHIR base the screening is read at. */
    public record Links(String appLaunchUrl, String fhirBase) {}

    private final SessionSettings session;
    private final EligibilitySettings eligibility;
    private final DosingWeightSettings dosingWeight;
    private final PreDoseBloodPressure predose;
    private final PsychiatricSafetySettings psychiatric;
    private final String sourceLabel;

    public OrderCards(
            SessionSettings session,
            EligibilitySettings eligibility,
            DosingWeightSettings dosingWeight,
            PreDoseBloodPressure predose,
            PsychiatricSafetySettings psychiatric,
            String sourceLabel) {
        this.session = session;
        this.eligibility = eligibility;
        this.dosingWeight = dosingWeight;
        this.predose = predose;
        this.psychiatric = psychiatric;
        this.sourceLabel = sourceLabel;
    }

    public List<CdsServiceResponseCardJson> cards(List<OrderConcern> concerns, Links links) {
        Set<String> seen = new LinkedHashSet<>();
        List<CdsServiceResponseCardJson> cards = new ArrayList<>();
        for (OrderConcern concern : concerns) {
            if (seen.add(concern.order().reference() + " " + concern.ruleId())) {
                cards.add(card(concern, links));
            }
        }
        return cards;
    }

    CdsServiceResponseCardJson card(OrderConcern concern, Links links) {
        Wording wording = wording(concern);
        CdsServiceResponseCardJson card = new CdsServiceResponseCardJson()
                .setUuid(UUID.randomUUID().toString())
                .setSummary(wording.summary())
                .setIndicator(indicator(concern.ruleId()))
                .setDetail("Rule " + concern.ruleId() + ": " + wording.rule() + "\n\nThis order ("
                        + concern.order().reference() + "): " + wording.order() + ".")
                .setSource(new CdsServiceResponseCardSourceJson().setLabel(sourceLabel));
        List<CdsServiceResponseLinkJson> cardLinks = new ArrayList<>();
        cardLinks.add(new CdsServiceResponseLinkJson()
                .setLabel("Open the ketamine clinic app")
                .setUrl(links.appLaunchUrl())
                .setType("smart"));
        if (concern.screeningId() != null) {
            cardLinks.add(new CdsServiceResponseLinkJson()
                    .setLabel("The screening in question")
                    .setUrl(links.fhirBase() + "/" + concern.screeningId())
                    .setType("absolute"));
        }
        return card.setLinks(cardLinks);
    }

    CdsServiceIndicatorEnum indicator(String ruleId) {
        if (SessionRules.IDS.contains(ruleId)) {
            return session.overridableRules().contains(ruleId)
                    ? CdsServiceIndicatorEnum.WARNING
                    : CdsServiceIndicatorEnum.CRITICAL;
        }
        return switch (ruleId) {
            case EligibilityRules.ABSOLUTE, EligibilityRules.PREGNANCY, EligibilityRules.PREDOSE_BP ->
                CdsServiceIndicatorEnum.CRITICAL;
            default -> CdsServiceIndicatorEnum.WARNING;
        };
    }

    private record Wording(String summary, String rule, String order) {}

    private Wording wording(OrderConcern concern) {
        DraftOrder order = concern.order();
        return switch (concern.ruleId()) {
            case SessionRules.SCREENING ->
                new Wording(
                        "No current eligible ketamine screening",
                        "a session needs the patient's latest evaluated screening to be eligible (or eligible with precautions) and at most "
                                + eligibility.screeningValidDays() + " days old",
                        concern.screeningId() == null
                                ? "the clinic has no evaluated screening of the patient"
                                : "the latest evaluated screening does not license treatment on " + order.start());
            case SessionRules.DOSE_PER_KG ->
                new Wording(
                        "Ketamine dose per kg outside the clinic's range",
                        doseRange(order.routeCode()) + overridable(concern.ruleId()),
                        order.dose());
            case SessionRules.DOSING_WEIGHT ->
                new Wording(
                        "No recent body weight to dose ketamine on",
                        "a per-kg dose is calculated on a body weight recorded at most " + dosingWeight.maxAgeDays()
                                + " days before the session (bases allowed: "
                                + dosingWeight.allowedBases().stream()
                                        .map(DosingWeightBasis::code)
                                        .sorted()
                                        .collect(Collectors.joining(", "))
                                + ")",
                        order.dose());
            case SessionRules.ESKETAMINE_DOSE ->
                new Wording(
                        "Esketamine dose or route not allowed",
                        "esketamine is given as " + session.esketamine().dosesMg()
                                + " mg, intranasal (SNOMED CT 46713006)",
                        order.dose());
            case SessionRules.MIN_INTERVAL ->
                new Wording(
                        "Too soon after another ketamine session",
                        "sessions are at least " + session.minIntervalHours() + " hours apart"
                                + overridable(concern.ruleId()),
                        "another session of the patient is within that interval of " + order.start());
            case SessionRules.SUICIDE_RISK_REVIEW ->
                new Wording(
                        "Unreviewed suicide-risk alert: review before the next session",
                        "no session is given while a high suicide-risk alert (PHQ-9 item 9 positive, or C-SSRS high risk)"
                                + " from the " + psychiatric.reviewLookBackText()
                                + " before it has not been reviewed by"
                                + " a clinician; the review (what was done, when, by whom) is recorded on the alert in"
                                + " the clinic's app" + overridable(concern.ruleId()),
                        "the clinic's records hold such an alert, not yet reviewed, before " + order.start());
            case EligibilityRules.PREDOSE_BP ->
                new Wording(
                        "Treatment deferred: pre-treatment blood pressure too high",
                        "a pre-treatment blood pressure above " + predose + " mmHg defers treatment",
                        "the deciding screening is deferred on blood pressure");
            case EligibilityRules.ABSOLUTE ->
                new Wording(
                        "Absolute contraindication to ketamine recorded",
                        "any of " + eligibility.absoluteContraindications() + " makes the patient not eligible",
                        "the deciding screening records one of them");
            case EligibilityRules.PREGNANCY ->
                new Wording(
                        "Pregnancy status excludes ketamine treatment",
                        "pregnancy status " + eligibility.notEligiblePregnancyStatuses()
                                + " makes the patient not eligible",
                        "the deciding screening records it");
            case EligibilityRules.PREGNANCY_UNKNOWN ->
                new Wording(
                        "Pregnancy status unknown",
                        "an unknown pregnancy status makes the screening "
                                + eligibility.unknownPregnancyOutcome().code(),
                        "the deciding screening records an unknown pregnancy status");
            case EligibilityRules.RELATIVE ->
                new Wording(
                        "Relative contraindication to ketamine recorded",
                        "any of " + eligibility.relativeContraindications() + " calls for precautions",
                        "the deciding screening records one of them");
            case EligibilityRules.INTERACTING ->
                new Wording(
                        "Interacting medication recorded",
                        "taking any of " + eligibility.interactingMedications() + " calls for precautions",
                        "the deciding screening records one of them");
            case EligibilityRules.TRD_TRIALS ->
                new Wording(
                        "Fewer adequate antidepressant trials than the definition needs",
                        "treatment-resistant depression needs at least " + eligibility.minAdequateTrials()
                                + " adequate antidepressant trials",
                        "the deciding screening records fewer");
            case EligibilityRules.MISSING ->
                new Wording(
                        "Ketamine screening incomplete",
                        "a screening decides only with every item answered and a baseline blood pressure, weight and score",
                        "the deciding screening misses some");
            default ->
                new Wording(
                        "Ketamine safety rule " + concern.ruleId(),
                        "a rule of the clinic's server",
                        "see the clinic's app");
        };
    }

    /** The range for the order's route, or the routes that have one. */
    private String doseRange(String route) {
        SessionSettings.DoseRange range =
                route == null ? null : session.dosePerKgByRoute().get(route);
        if (range != null) {
            return "racemic ketamine by route SNOMED CT " + route + " is dosed at "
                    + range.min().toPlainString() + "-" + range.max().toPlainString() + " mg/kg";
        }
        return "racemic ketamine has a dose range only for the routes SNOMED CT "
                + session.dosePerKgByRoute().keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    private String overridable(String ruleId) {
        return session.overridableRules().contains(ruleId)
                ? "; a clinician may override it with a documented reason on the session"
                : "";
    }
}
