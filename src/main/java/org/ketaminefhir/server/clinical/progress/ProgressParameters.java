package org.ketaminefhir.server.clinical.progress;

import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.plan.DueQuestionnairesOperation;
import org.ketaminefhir.server.clinical.plan.QuestionnaireTasks;
import org.ketaminefhir.server.clinical.progress.ProgressMeasures.Score;

/**
 * States a {@link ProgressSummary} as the Parameters {@code $ketamine-progress} answers with (the parameters its
 * OperationDefinition declares; the parts of each are listed in {@link ProgressOperation}'s description).
 */
final class ProgressParameters {

    private ProgressParameters() {}

    static Parameters of(
            String patient, ProgressSummary summary, Optional<QuestionnaireTasks.Facts> nextQuestionnaire) {
        Parameters out = new Parameters();
        out.addParameter().setName("patient").setValue(new Reference(patient));
        summary.instruments().forEach(instrument -> out.addParameter(instrument(instrument)));
        summary.sessionsCompleted()
                .forEach((phase, count) -> out.addParameter()
                        .setName("sessionsCompleted")
                        .addPart(new ParametersParameterComponent()
                                .setName("phase")
                                .setValue(new StringType(phase)))
                        .addPart(new ParametersParameterComponent()
                                .setName("count")
                                .setValue(new IntegerType(count))));
        out.addParameter()
                .setName("cumulativeDose")
                .setValue(new Quantity()
                        .setValue(summary.cumulativeDoseMg())
                        .setUnit("mg")
                        .setSystem(IgTerms.UCUM)
                        .setCode("mg"));
        summary.sideEffects()
                .forEach(sideEffect -> out.addParameter()
                        .setName("sideEffect")
                        .addPart(new ParametersParameterComponent()
                                .setName("finding")
                                .setValue(sideEffect.finding()))
                        .addPart(new ParametersParameterComponent()
                                .setName("count")
                                .setValue(new IntegerType(sideEffect.count()))));
        out.addParameter()
                .setName("openSafetyIssues")
                .setValue(new IntegerType(summary.openSafetyIssues().size()));
        summary.openSafetyIssues()
                .forEach(issue -> out.addParameter().setName("openSafetyIssue").setValue(new Reference(issue)));
        summary.nextSessionDue()
                .ifPresent(
                        due -> out.addParameter().setName("nextSessionDue").setValue(new DateTimeType(Date.from(due))));
        nextQuestionnaire.ifPresent(
                task -> out.addParameter(DueQuestionnairesOperation.task("nextQuestionnaireDue", task)));
        return out;
    }

    private static ParametersParameterComponent instrument(ProgressSummary.InstrumentProgress progress) {
        ProgressMeasures.Assessment assessment = progress.assessment();
        ParametersParameterComponent instrument = new ParametersParameterComponent().setName("instrument");
        instrument.addPart().setName("code").setValue(progress.code());
        assessment.baseline().ifPresent(baseline -> {
            instrument.addPart().setName("baseline").setValue(new IntegerType(baseline.value()));
            instrument.addPart().setName("baselineDate").setValue(new DateTimeType(baseline.dateText()));
        });
        if (assessment.baselineMissing()) {
            instrument.addPart().setName("baselineMissing").setValue(new BooleanType(true));
        }
        instrument
                .addPart()
                .setName("latest")
                .setValue(new IntegerType(assessment.latest().value()));
        instrument
                .addPart()
                .setName("latestDate")
                .setValue(new DateTimeType(assessment.latest().dateText()));
        assessment.verdict().ifPresent(verdict -> {
            instrument.addPart().setName("change").setValue(new IntegerType(verdict.change()));
            if (verdict.percentChange() != null) {
                instrument.addPart().setName("percentChange").setValue(new DecimalType(verdict.percentChange()));
            }
            if (verdict.response() != null) {
                instrument.addPart().setName("response").setValue(new BooleanType(verdict.response()));
            }
            if (verdict.remission() != null) {
                instrument.addPart().setName("remission").setValue(new BooleanType(verdict.remission()));
            }
        });
        for (Score score : progress.series()) {
            ParametersParameterComponent point = instrument.addPart().setName("score");
            point.addPart().setName("date").setValue(new DateTimeType(score.dateText()));
            point.addPart().setName("value").setValue(new IntegerType(score.value()));
        }
        return instrument;
    }
}
