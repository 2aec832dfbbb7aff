package org.ketaminefhir.server.clinical.summary;

import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/** The plain-text cells and the XHTML table pieces of {@link SummaryNarratives} (pure). */
final class Xhtml {

    static final String SESSION_NUMBER = "https://ketaminefhir.org/ig/StructureDefinition/session-number";
    static final String DOSE_PER_KG = "https://ketaminefhir.org/ig/StructureDefinition/dose-per-kg";

    private Xhtml() {}

    static String head(String... columns) {
        StringBuilder html = new StringBuilder("<table class=\"hapiPropertyTable\"><thead><tr>");
        for (String column : columns) {
            html.append("<th>").append(escape(column)).append("</th>");
        }
        return html.append("</tr></thead><tbody>").toString();
    }

    /** A row of text cells; its id (HAPI's narrative link target) if there is one. */
    static String row(String id, String... cells) {
        StringBuilder html = new StringBuilder(id == null ? "<tr>" : "<tr id=\"" + escape(id) + "\">");
        for (String cell : cells) {
            html.append("<td>").append(escape(cell == null ? "" : cell)).append("</td>");
        }
        return html.append("</tr>").toString();
    }

    static String date(BaseDateTimeType date) {
        return date == null || date.isEmpty() ? "" : date.getValueAsString();
    }

    /** A concept's text, else the displays (or codes) of its codings. */
    static String concept(CodeableConcept concept) {
        if (concept == null || concept.isEmpty()) {
            return "";
        }
        if (concept.hasText()) {
            return concept.getText();
        }
        return concept.getCoding().stream().map(SummaryChoices::display).collect(Collectors.joining(", "));
    }

    static String quantity(Quantity quantity) {
        if (quantity == null || !quantity.hasValue()) {
            return "";
        }
        String unit = quantity.hasUnit() ? quantity.getUnit() : quantity.getCode();
        return quantity.getValue().stripTrailingZeros().toPlainString() + (unit == null ? "" : " " + unit);
    }

    static String sessionNumber(MedicationAdministration session) {
        Extension number = session.getExtensionByUrl(SESSION_NUMBER);
        return number == null || number.getValue() == null
                ? ""
                : number.getValue().primitiveValue();
    }

    /** The medication: the code of the referenced (contained) Medication, its lot, or the concept given. */
    static String medication(MedicationAdministration session) {
        if (session.hasMedicationCodeableConcept()) {
            return concept(session.getMedicationCodeableConcept());
        }
        String reference = session.getMedicationReference().getReference();
        for (Resource contained : session.getContained()) {
            if (contained instanceof Medication medication
                    && reference != null
                    && reference.equals("#" + contained.getIdElement().getIdPart())) {
                String lot = medication.getBatch().getLotNumber();
                return concept(medication.getCode()) + (lot == null ? "" : " (lot " + lot + ")");
            }
        }
        return session.getMedicationReference().getDisplay() == null
                ? ""
                : session.getMedicationReference().getDisplay();
    }

    /** The dose, and the dose per kilogram when the session records it. */
    static String dose(MedicationAdministration session) {
        String dose = quantity(session.getDosage().getDose());
        Extension perKg = session.getDosage().getExtensionByUrl(DOSE_PER_KG);
        if (perKg != null && perKg.getValue() instanceof Quantity q) {
            dose = dose + " (" + quantity(q) + ")";
        }
        return dose;
    }

    /** An observation's value; a blood pressure's components as systolic/diastolic. */
    static String value(Observation observation) {
        if (observation.hasValue()) {
            return value(observation.getValue());
        }
        return observation.getComponent().stream()
                .filter(c -> c.hasValue())
                .map(c -> value(c.getValue()))
                .collect(Collectors.joining(" / "));
    }

    private static String value(Type value) {
        if (value instanceof Quantity quantity) {
            return quantity(quantity);
        }
        if (value instanceof CodeableConcept concept) {
            return concept(concept);
        }
        return value.primitiveValue() == null ? "" : value.primitiveValue();
    }

    static String interpretation(Observation observation) {
        return observation.getInterpretation().stream().map(Xhtml::concept).collect(Collectors.joining(", "));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
