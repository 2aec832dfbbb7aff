package org.ketaminefhir.server.clinical.summary;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Resource;

/**
 * The narrative of any section (HAPI's IPS templates cannot run under Thymeleaf 3.1): one row per record, with what it
 * is (its code, vaccine, medication, title or description), its status and its date, read by element name; and the
 * document's cover (title, patient, date, sections).
 */
final class Records {

    private static final List<String> WHAT =
            List.of("code", "vaccineCode", "medicationCodeableConcept", "title", "description", "category");
    private static final List<String> STATUS = List.of("clinicalStatus", "status");
    private static final List<String> WHEN = List.of(
            "onset",
            "effective",
            "occurrence",
            "performed",
            "timing",
            "period",
            "recordedDate",
            "authoredOn",
            "dateTime",
            "created");

    private Records() {}

    static String table(String title, List<Resource> records) {
        if (records.isEmpty()) {
            return "<p>No information</p>";
        }
        StringBuilder html = new StringBuilder("<h5>" + Xhtml.escape(title == null ? "" : title) + "</h5>")
                .append(Xhtml.head("Record", "What", "Status", "Date"));
        for (Resource record : records) {
            html.append(Xhtml.row(
                    null, record.fhirType(), first(record, WHAT), first(record, STATUS), first(record, WHEN)));
        }
        return html.append("</tbody></table>").toString();
    }

    static String cover(Composition composition, Map<String, Resource> byUrl) {
        StringBuilder html = new StringBuilder("<h1>" + Xhtml.escape(composition.getTitle()) + "</h1>");
        if (byUrl.get(composition.getSubject().getReference()) instanceof Patient patient) {
            String name =
                    patient.getName().isEmpty() ? "" : patient.getNameFirstRep().getNameAsSingleString();
            html.append("<p>Patient: ")
                    .append(Xhtml.escape(name))
                    .append(
                            patient.hasBirthDate()
                                    ? ", born " + patient.getBirthDateElement().getValueAsString()
                                    : "")
                    .append("</p>");
        }
        html.append("<p>Date: ")
                .append(Xhtml.escape(Xhtml.date(composition.getDateElement())))
                .append("</p>");
        html.append("<ul>");
        composition
                .getSection()
                .forEach(s -> html.append("<li>")
                        .append(Xhtml.escape(s.getTitle() == null ? "" : s.getTitle()))
                        .append(" (")
                        .append(s.getEntry().size())
                        .append(")</li>"));
        return html.append("</ul>").toString();
    }

    /** The first of these elements the record has, as text. */
    private static String first(Resource record, List<String> names) {
        for (String name : names) {
            Property property = record.getNamedProperty(name);
            if (property != null && property.hasValues()) {
                String text = text(property.getValues().get(0));
                if (!text.isEmpty()) {
                    return text;
                }
            }
        }
        return "";
    }

    private static String text(Base value) {
        if (value instanceof CodeableConcept concept) {
            return Xhtml.concept(concept);
        }
        if (value instanceof BaseDateTimeType date) {
            return Xhtml.date(date);
        }
        if (value instanceof Period period) {
            return Xhtml.date(period.getStartElement())
                    + (period.hasEnd() ? " to " + Xhtml.date(period.getEndElement()) : "");
        }
        if (value instanceof PrimitiveType<?> primitive) {
            return primitive.getValueAsString() == null ? "" : primitive.getValueAsString();
        }
        return "";
    }
}
