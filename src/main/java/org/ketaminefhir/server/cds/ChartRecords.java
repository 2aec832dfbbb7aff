package org.ketaminefhir.server.cds;

import java.util.List;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;

/**
 * The patient's records the order check reads, one list per prefetch template: from the EHR's prefetch, from the
 * EHR's FHIR server, or from this server's own store.
 *
 * @param patient           the patient (for the sex the ideal-body-weight formula needs), or null
 * @param screenings        the patient's ketamine screenings
 * @param bodyMeasurements  body weights and heights
 * @param sessions          MedicationAdministrations of the patient (only ketamine sessions count)
 * @param safetyAlerts      the patient's safety alerts (DetectedIssues; the suicide-risk ones count)
 */
public record ChartRecords(
        Patient patient,
        List<Observation> screenings,
        List<Observation> bodyMeasurements,
        List<MedicationAdministration> sessions,
        List<DetectedIssue> safetyAlerts) {}
