package org.ketaminefhir.server.clinical.summary;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Composition.SectionComponent;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The narratives of the sections that hold the clinic's records, written in Java where HAPI's templates fall short:
 * the medication summary (HAPI's template has no MedicationAdministration: the ketamine course's dates, routes and
 * doses), the results (the rating scales with their baseline and latest score), the vital signs and the alerts. The
 * other sections get a row per record ({@link Records}).
 */
final class SummaryNarratives {

    private SummaryNarratives() {}

    /** Rewrites the narratives of the clinic's sections in the document. */
    static void write(Bundle document) {
        Map<String, Resource> byUrl = new HashMap<>();
        document.getEntry().forEach(e -> byUrl.put(e.getFullUrl(), e.getResource()));
        Composition composition = (Composition) document.getEntryFirstRep().getResource();
        for (SectionComponent section : composition.getSection()) {
            List<Resource> entries = section.getEntry().stream()
                    .map(Reference::getReference)
                    .map(byUrl::get)
                    .filter(r -> r != null)
                    .toList();
            String code = section.getCode().getCodingFirstRep().getCode();
            String table = switch (code) {
                case KetamineIpsStrategy.SECTION_CODE_MEDICATION_SUMMARY -> medications(section, entries);
                case KetamineIpsStrategy.SECTION_CODE_DIAGNOSTIC_RESULTS -> results(entries);
                case KetamineIpsStrategy.SECTION_CODE_VITAL_SIGNS -> vitalSigns(entries);
                case KetamineIpsStrategy.SECTION_CODE_ALERTS -> alerts(entries, byUrl);
                default -> null;
            };
            if (table == null) {
                table = Records.table(section.getTitle(), entries);
            }
            section.getText()
                    .setStatus(Narrative.NarrativeStatus.GENERATED)
                    .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + table + "</div>");
        }
        composition
                .getText()
                .setStatus(Narrative.NarrativeStatus.GENERATED)
                .setDivAsString(
                        "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + Records.cover(composition, byUrl) + "</div>");
    }

    /** The course as a table, then HAPI's narrative of the other medication records (if any). */
    private static String medications(SectionComponent section, List<Resource> entries) {
        List<MedicationAdministration> course = entries.stream()
                .filter(MedicationAdministration.class::isInstance)
                .map(MedicationAdministration.class::cast)
                .toList();
        if (course.isEmpty()) {
            return null;
        }
        StringBuilder html = new StringBuilder("<h5>Ketamine course: medication administrations</h5>");
        html.append(Xhtml.head("Date", "Session", "Medication", "Route", "Dose", "Rate", "Status"));
        for (MedicationAdministration session : course) {
            html.append(Xhtml.row(
                    null,
                    Xhtml.date(SummaryChoices.start(session.getEffective())),
                    Xhtml.sessionNumber(session),
                    Xhtml.medication(session),
                    Xhtml.concept(session.getDosage().getRoute()),
                    Xhtml.dose(session),
                    Xhtml.quantity(session.getDosage().getRateQuantity()),
                    session.hasStatus() ? session.getStatus().getDisplay() : ""));
        }
        html.append("</tbody></table>");
        List<Resource> others = entries.stream()
                .filter(r -> !(r instanceof MedicationAdministration))
                .toList();
        if (!others.isEmpty()) {
            html.append(Records.table("Other medication records", others));
        }
        return html.toString();
    }

    private static String results(List<Resource> entries) {
        return observations(
                "Results: rating scales, questionnaire findings and laboratory results (baseline and latest)",
                entries,
                (html, o) -> html.append(Xhtml.row(
                        null,
                        Xhtml.concept(o.getCode()),
                        Xhtml.value(o),
                        Xhtml.interpretation(o),
                        Xhtml.date(SummaryChoices.start(o.getEffective())))),
                "Scale or test",
                "Result",
                "Interpretation",
                "Date");
    }

    private static String vitalSigns(List<Resource> entries) {
        return observations(
                "Vital signs (latest of each)",
                entries,
                (html, o) -> html.append(Xhtml.row(
                        null,
                        Xhtml.concept(o.getCode()),
                        Xhtml.value(o),
                        Xhtml.date(SummaryChoices.start(o.getEffective())))),
                "Vital sign",
                "Value",
                "Date");
    }

    private static String observations(
            String title, List<Resource> entries, BiConsumer<StringBuilder, Observation> row, String... columns) {
        List<Observation> observations = entries.stream()
                .filter(Observation.class::isInstance)
                .map(Observation.class::cast)
                .toList();
        if (observations.isEmpty()) {
            return null;
        }
        StringBuilder html = new StringBuilder("<h5>" + Xhtml.escape(title) + "</h5>").append(Xhtml.head(columns));
        observations.forEach(o -> row.accept(html, o));
        return html.append("</tbody></table>").toString();
    }

    private static String alerts(List<Resource> entries, Map<String, Resource> byUrl) {
        StringBuilder html = new StringBuilder("<h5>Open safety alerts</h5>")
                .append(Xhtml.head("Alert", "Severity", "Identified", "Detail"));
        for (Resource entry : entries) {
            if (!(entry instanceof Flag flag)) {
                continue;
            }
            Extension detail = flag.getExtensionByUrl(AlertFlags.FLAG_DETAIL);
            DetectedIssue alert = detail != null
                            && byUrl.get(((Reference) detail.getValue()).getReference()) instanceof DetectedIssue d
                    ? d
                    : new DetectedIssue();
            html.append(Xhtml.row(
                    null,
                    Xhtml.concept(flag.getCode()),
                    alert.hasSeverity() ? alert.getSeverity().getDisplay() : "",
                    Xhtml.date(
                            flag.getPeriod().getStartElement().isEmpty()
                                    ? null
                                    : flag.getPeriod().getStartElement()),
                    alert.hasDetail() ? alert.getDetail() : ""));
        }
        return html.append("</tbody></table>").toString();
    }
}
