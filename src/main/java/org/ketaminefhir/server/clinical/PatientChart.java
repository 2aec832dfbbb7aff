package org.ketaminefhir.server.clinical;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.ketaminefhir.server.fhir.TransactionBundles;

/**
 * Reads one patient's ketamine records through HAPI's DAOs, as the server itself: a clinical rule must see the whole
 * chart, whatever the caller's token may see (who may call an operation is decided before it runs). Screenings,
 * sessions and what was observed in them, scores, plans, safety issues and questionnaire Tasks.
 */
public class PatientChart {

    /** SDC's temporary CodeSystem: the Task code and input / output types of "complete this questionnaire". */
    public static final String SDC_TEMP = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";

    public static final String COMPLETE_QUESTIONNAIRE = "complete-questionnaire";

    private final DaoRegistry daos;
    private final IgTerms terms;

    public PatientChart(DaoRegistry daos, IgTerms terms) {
        this.daos = daos;
        this.terms = terms;
    }

    /** The patient's latest screening by date, evaluated or not (entered-in-error and cancelled ones do not count). */
    public Optional<Observation> latestScreening(String patientId) {
        SearchParameterMap map = SearchParameterMap.newSynchronous()
                .add(Observation.SP_SUBJECT, new ReferenceParam(patientId))
                .add(Observation.SP_CODE, new TokenParam(terms.observationCodes(), "ketamine-screening"));
        map.setSort(new SortSpec(Observation.SP_DATE, SortOrderEnum.DESC));
        return search(Observation.class, map).stream()
                .filter(o -> o.getStatus() != Observation.ObservationStatus.ENTEREDINERROR
                        && o.getStatus() != Observation.ObservationStatus.CANCELLED)
                .findFirst();
    }

    public List<Observation> screenings(String patientId) {
        return search(
                Observation.class,
                SearchParameterMap.newSynchronous()
                        .add(Observation.SP_SUBJECT, new ReferenceParam(patientId))
                        .add(Observation.SP_CODE, new TokenParam(terms.observationCodes(), "ketamine-screening")));
    }

    /** The patient's sessions: MedicationAdministrations declaring the session profile. */
    public List<MedicationAdministration> sessions(String patientId) {
        return search(
                        MedicationAdministration.class,
                        SearchParameterMap.newSynchronous()
                                .add(MedicationAdministration.SP_SUBJECT, new ReferenceParam(patientId)))
                .stream()
                .filter(ma -> terms.declares(ma, "ketamine-session"))
                .toList();
    }

    /** Observations part of a session (vital signs, side effects, discharge readiness, in-session scores). */
    public List<Observation> partOf(String sessionId) {
        return search(
                Observation.class,
                SearchParameterMap.newSynchronous().add(Observation.SP_PART_OF, new ReferenceParam(sessionId)));
    }

    /** Body weights and heights. */
    public List<Observation> bodyMeasurements(String patientId) {
        return search(
                Observation.class,
                SearchParameterMap.newSynchronous()
                        .add(Observation.SP_SUBJECT, new ReferenceParam(patientId))
                        .add(
                                Observation.SP_CODE,
                                new TokenOrListParam()
                                        .add(IgTerms.LOINC, BodyWeight.CODE)
                                        .add(IgTerms.LOINC, BodyHeight.CODE)));
    }

    public List<Observation> observations(String patientId) {
        return search(
                Observation.class,
                SearchParameterMap.newSynchronous().add(Observation.SP_SUBJECT, new ReferenceParam(patientId)));
    }

    public List<CarePlan> plans(String patientId) {
        return search(
                CarePlan.class,
                SearchParameterMap.newSynchronous().add(CarePlan.SP_SUBJECT, new ReferenceParam(patientId)));
    }

    public List<DetectedIssue> issues(String patientId) {
        return search(
                DetectedIssue.class,
                SearchParameterMap.newSynchronous().add(DetectedIssue.SP_PATIENT, new ReferenceParam(patientId)));
    }

    /** The patient's Tasks asking them to complete a questionnaire (SDC {@code complete-questionnaire}). */
    public List<Task> questionnaireTasks(String patientId) {
        return search(
                Task.class,
                SearchParameterMap.newSynchronous()
                        .add(Task.SP_PATIENT, new ReferenceParam(patientId))
                        .add(Task.SP_CODE, new TokenParam(SDC_TEMP, COMPLETE_QUESTIONNAIRE)));
    }

    /** Reads a referenced resource, or empty if the reference is not local or the target is gone. */
    public <T extends IBaseResource> Optional<T> resolve(Reference reference, Class<T> type) {
        if (reference == null
                || !reference.hasReference()
                || reference.getReference().startsWith("#")) {
            return Optional.empty();
        }
        IdType id = new IdType(reference.getReference());
        if (!id.hasResourceType()
                || !id.getResourceType()
                        .equals(daos.getResourceDao(type).getResourceType().getSimpleName())) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    daos.getResourceDao(type).read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
        } catch (RuntimeException gone) {
            return Optional.empty();
        }
    }

    /**
     * The resources of the transaction or batch being processed, if the request is one. HAPI writes a transaction's
     * entries in one database transaction and flushes at commit, so its searches do not see the entries written before
     * the one being checked; the rules look at the bundle itself for those.
     */
    public static <T extends Resource> List<T> inThisTransaction(RequestDetails request, Class<T> type) {
        Bundle bundle = transactionBundle(request);
        if (bundle == null) {
            return List.of();
        }
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    /** Finds a resource of this transaction by the reference another of its resources makes to it. */
    public static <T extends Resource> Optional<T> inThisTransaction(
            RequestDetails request, Class<T> type, Reference reference) {
        Bundle bundle = transactionBundle(request);
        if (reference == null || !reference.hasReference() || bundle == null) {
            return Optional.empty();
        }
        String target = reference.getReference();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (type.isInstance(resource)
                    && (target.equals(entry.getFullUrl())
                            || target.equals(resource.fhirType() + "/"
                                    + resource.getIdElement().getIdPart()))) {
                return Optional.of(type.cast(resource));
            }
        }
        return Optional.empty();
    }

    private static Bundle transactionBundle(RequestDetails request) {
        return TransactionBundles.of(request);
    }

    private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap map) {
        return daos.getResourceDao(type).searchForResources(map, new SystemRequestDetails());
    }
}
