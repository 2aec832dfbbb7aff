package org.ketaminefhir.server.cds;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.hapi.fhir.cdshooks.svc.prefetch.CdsPrefetchFhirClientSvc;
import ca.uhn.hapi.fhir.cdshooks.svc.prefetch.PrefetchTemplateUtil;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ketaminefhir.server.clinical.BodyHeight;
import org.ketaminefhir.server.clinical.BodyWeight;
import org.ketaminefhir.server.clinical.IgTerms;
import org.ketaminefhir.server.clinical.PatientChart;
import org.ketaminefhir.server.clinical.SafetyAlert;

/**
 * Finds what the order check reads, per prefetch key: what the EHR prefetched; else, when the EHR named a
 * {@code fhirServer}, that server read with the EHR's {@code fhirAuthorization} (HAPI's prefetch client, following
 * every page); else, when {@code fhirServer} is this server, this server's own store with the server's own authority.
 * A key that cannot be had is a 412, as CDS Hooks says.
 */
public class ChartRecordsSource {

    static final String PATIENT = "patient";
    static final String SCREENINGS = "screenings";
    static final String BODY_MEASUREMENTS = "bodyMeasurements";
    static final String SESSIONS = "sessions";
    /**
     * The patient's suicide-risk alerts: read by the service, not a prefetch template. They are this server's own
     * findings (it raises them from the questionnaires), so an EHR has nothing to prefetch; and a prefetch key HAPI
     * cannot resolve itself would turn a request that prefetches everything else, naming no fhirServer, into a 412.
     */
    static final String SAFETY_ALERTS = "safetyAlerts";

    private final PatientChart chart;
    private final CdsPrefetchFhirClientSvc remote;
    private final FhirContext fhirContext;
    private final Map<String, String> templates;
    private final IgTerms terms;

    public ChartRecordsSource(
            PatientChart chart, CdsPrefetchFhirClientSvc remote, FhirContext fhirContext, IgTerms terms) {
        this.chart = chart;
        this.remote = remote;
        this.fhirContext = fhirContext;
        this.terms = terms;
        this.templates = new LinkedHashMap<>(templates(terms));
        this.templates.put(SAFETY_ALERTS, safetyAlertsQuery(terms));
    }

    /** The search for the patient's suicide-risk alerts (all statuses: the rule picks the unreviewed ones). */
    static String safetyAlertsQuery(IgTerms terms) {
        String system = terms.codeSystem("safety-alert");
        return "DetectedIssue?patient={{context.patientId}}&code="
                + SafetyAlert.SUICIDE_RISK.stream()
                        .sorted()
                        .map(code -> system + "|" + code)
                        .collect(Collectors.joining(","));
    }

    /** The prefetch templates of the order check, by key: what the rules read. */
    public static Map<String, String> templates(IgTerms terms) {
        Map<String, String> templates = new LinkedHashMap<>();
        templates.put(PATIENT, "Patient/{{context.patientId}}");
        templates.put(
                SCREENINGS,
                "Observation?patient={{context.patientId}}&code=" + terms.observationCodes() + "|ketamine-screening");
        templates.put(
                BODY_MEASUREMENTS,
                "Observation?patient={{context.patientId}}&code=" + IgTerms.LOINC + "|" + BodyWeight.CODE + ","
                        + IgTerms.LOINC + "|" + BodyHeight.CODE);
        templates.put(SESSIONS, "MedicationAdministration?patient={{context.patientId}}");
        return templates;
    }

    /**
     * @param thisServer whether the request's {@code fhirServer} is this server
     */
    public ChartRecords records(CdsServiceRequestJson request, String patientId, boolean thisServer) {
        String patient = "Patient/" + patientId;
        Patient subject = one(
                request,
                PATIENT,
                Patient.class,
                thisServer,
                () -> chart.resolve(new Reference(patient), Patient.class).orElse(null));
        return new ChartRecords(
                subject,
                many(request, SCREENINGS, Observation.class, thisServer, () -> chart.screenings(patient)),
                many(request, BODY_MEASUREMENTS, Observation.class, thisServer, () -> chart.bodyMeasurements(patient)),
                many(request, SESSIONS, MedicationAdministration.class, thisServer, () -> chart.sessions(patient)),
                // This server's own findings: from its store when the EHR names it as fhirServer or names none (an EHR
                // that prefetches everything else), else from the EHR's fhirServer like the rest.
                many(
                        request,
                        SAFETY_ALERTS,
                        DetectedIssue.class,
                        thisServer
                                || request.getFhirServer() == null
                                || request.getFhirServer().isBlank(),
                        () -> chart.issues(patient)));
    }

    private <T extends Resource> T one(
            CdsServiceRequestJson request,
            String key,
            Class<T> type,
            boolean thisServer,
            java.util.function.Supplier<T> own) {
        IBaseResource found = find(request, key, thisServer, () -> own.get());
        return type.isInstance(found) ? type.cast(found) : null;
    }

    private <T extends Resource> List<T> many(
            CdsServiceRequestJson request,
            String key,
            Class<T> type,
            boolean thisServer,
            java.util.function.Supplier<List<T>> own) {
        IBaseResource found = find(request, key, thisServer, () -> {
            Bundle bundle = new Bundle();
            own.get().forEach(r -> bundle.addEntry().setResource(r));
            return bundle;
        });
        List<T> resources = new ArrayList<>();
        if (found instanceof Bundle bundle) {
            bundle.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(type::isInstance)
                    .map(type::cast)
                    .forEach(resources::add);
        } else if (type.isInstance(found)) {
            resources.add(type.cast(found));
        }
        return resources;
    }

    private IBaseResource find(
            CdsServiceRequestJson request,
            String key,
            boolean thisServer,
            java.util.function.Supplier<IBaseResource> own) {
        IBaseResource prefetched = request.getPrefetchKeys().contains(key) ? request.getPrefetch(key) : null;
        if (prefetched != null && !(prefetched instanceof OperationOutcome)) {
            return prefetched;
        }
        if (thisServer) {
            return own.get();
        }
        if (request.getFhirServer() == null || request.getFhirServer().isBlank()) {
            throw new PreconditionFailedException(
                    "prefetch '" + key + "' is missing and the request names no fhirServer to read it from");
        }
        String url = PrefetchTemplateUtil.substituteTemplate(templates.get(key), request.getContext(), fhirContext);
        try {
            return remote.resourceFromUrl(request, url);
        } catch (BaseServerResponseException e) {
            throw new PreconditionFailedException("prefetch '" + key + "' is missing and reading " + url
                    + " from the fhirServer failed: HTTP " + e.getStatusCode());
        } catch (RuntimeException e) {
            throw new PreconditionFailedException(
                    "prefetch '" + key + "' is missing and the fhirServer could not be read: " + e.getMessage());
        }
    }
}
