package org.ketaminefhir.server.database;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.ketaminefhir.server.fhir.RequestPath;
import org.ketaminefhir.server.fhir.RuleScope;
import org.ketaminefhir.server.fhir.TransactionBundles;

/**
 * Serialises writes per patient: before the clinical rules run on a write in a patient's compartment, its transaction
 * takes that patient's lock ({@link PatientLocks}). A transaction bundle takes the locks of every patient it writes
 * for at its first write, in one fixed order.
 */
@Interceptor(order = RequestPath.PATIENT_LOCK)
public class PatientWriteLock {

    private static final String BUNDLE_LOCKED = PatientWriteLock.class.getName() + ".bundle";

    private final FhirContext fhirContext;
    private final PatientLocks locks;

    public PatientWriteLock(FhirContext fhirContext, PatientLocks locks) {
        this.fhirContext = fhirContext;
        this.locks = locks;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource, RequestDetails request) {
        lockFor(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        lockFor(resource, request);
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void beforeDelete(IBaseResource resource, RequestDetails request) {
        lockFor(resource, request);
    }

    private void lockFor(IBaseResource resource, RequestDetails request) {
        if (!RuleScope.applies(request)) {
            return; // the server's own writes run inside a request that holds the lock, or read no patient records
        }
        Set<String> patients = new TreeSet<>(patientsOf(resource));
        Bundle bundle = TransactionBundles.of(request);
        if (bundle != null && request.getUserData().put(BUNDLE_LOCKED, bundle) != bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.hasResource()) {
                    patients.addAll(patientsOf(entry.getResource()));
                }
            }
        }
        locks.lock(patients);
    }

    /** The patients whose compartment the resource is in (the patient itself for a Patient), by literal id. */
    private Set<String> patientsOf(IBaseResource resource) {
        Set<String> patients = new TreeSet<>();
        if ("Patient".equals(fhirContext.getResourceType(resource))) {
            IIdType id = resource.getIdElement();
            if (id.hasIdPart() && !id.getIdPart().startsWith("urn:")) {
                patients.add("Patient/" + id.getIdPart());
            }
            return patients;
        }
        for (IIdType owner :
                fhirContext.newTerser().getCompartmentOwnersForResource("Patient", resource, (Set<String>) null)) {
            if ("Patient".equals(owner.getResourceType())
                    && owner.hasIdPart()
                    && !owner.getValue().startsWith("urn:")) {
                patients.add("Patient/" + owner.getIdPart());
            }
        }
        return patients;
    }
}
