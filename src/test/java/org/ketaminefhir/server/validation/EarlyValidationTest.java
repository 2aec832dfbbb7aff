package org.ketaminefhir.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Early validation hands storage a result only for a resource that reaches it as it was validated: what storage sets
 * itself (id, version, time, source) does not matter; anything else HAPI or a hook changed on the way does, and then
 * storage validates afresh. The validation here is a counting stand-in for the validator: what is under test is the
 * bookkeeping, not the rules (those are ProfileEnforcementIT's, over HTTP).
 */
class EarlyValidationTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Coding LABEL =
            new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PSY", "psychiatry information sensitivity");

    private final Set<String> validatedOnThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger validations = new AtomicInteger();
    private final EarlyValidation early = new EarlyValidation(
            FHIR,
            resource -> {
                validations.incrementAndGet();
                validatedOnThreads.add(Thread.currentThread().getName());
                return new ValidationResult(FHIR, List.of());
            },
            resource -> {
                if (resource instanceof Observation o) {
                    o.getMeta().addSecurity(LABEL.copy());
                }
                return resource;
            },
            2);

    @AfterEach
    void stop() {
        early.shutdown();
    }

    private static Observation heartRate(String id, String patient) {
        Observation o = new Observation();
        o.setId(id);
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
        o.setSubject(new Reference(patient));
        return o;
    }

    private static SystemRequestDetails request(RestOperationTypeEnum operation, IBaseResource body) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setRestOperationType(operation);
        request.setResource(body);
        return request;
    }

    /** What the storage hooks before validation do: the labeller. */
    private static Observation asStorageSeesIt(Observation o) {
        o.getMeta().addSecurity(LABEL.copy());
        return o;
    }

    @Test
    void everyWrittenEntryOfATransactionIsValidatedOnceOnTheWorkersAndReusedAtStorage() {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < 8; i++) {
            Observation o = heartRate("Observation/hr" + i, "Patient/p1");
            o.setValue(new org.hl7.fhir.r4.model.Quantity(60 + i));
            transaction
                    .addEntry()
                    .setResource(o)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl("Observation/hr" + i);
        }
        transaction.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl("Observation/old");
        SystemRequestDetails request = request(RestOperationTypeEnum.TRANSACTION, transaction);

        early.validateAhead(request);

        assertThat(validations).hasValue(8);
        assertThat(validatedOnThreads).allMatch(name -> name.startsWith("early-validation-"));
        for (int i = 0; i < 8; i++) {
            Observation stored =
                    asStorageSeesIt((Observation) transaction.getEntry().get(i).getResource());
            assertThat(early.resultFor(stored, request)).as("entry %s", i).isNotNull();
        }
        assertThat(validations).as("nothing validated twice").hasValue(8);
    }

    @Test
    void whatStorageSetsItselfDoesNotMatter() {
        Observation posted = heartRate(null, "Patient/p1");
        SystemRequestDetails request = request(RestOperationTypeEnum.CREATE, posted);
        early.validateAhead(request);

        asStorageSeesIt(posted);
        posted.setId("Observation/123/_history/1");
        posted.getMeta()
                .setVersionId("1")
                .setLastUpdatedElement(InstantType.now())
                .setSource("#abc123");

        assertThat(early.resultFor(posted, request)).isNotNull();
        assertThat(validations).hasValue(1);
    }

    @Test
    void aResourceChangedOnTheWayIsNotTakenAsValidated() {
        Observation posted = heartRate(null, "urn:uuid:0b5c5a4e-0d0c-4d55-9a0e-3a1b2c3d4e5f");
        SystemRequestDetails request = request(RestOperationTypeEnum.CREATE, posted);
        early.validateAhead(request);

        // HAPI replaced the placeholder with the id it gave the patient.
        posted.setSubject(new Reference("Patient/42"));
        assertThat(early.resultFor(asStorageSeesIt(posted), request)).isNull();
    }

    @Test
    void theRequestBodyHapiKeptIsPartOfWhatWasValidated() {
        // HAPI keeps the body a resource was parsed from, and the validator reads it: here an element its parser
        // dropped.
        Observation posted = heartRate(null, "Patient/p1");
        ca.uhn.fhir.util.ResourceUtil.addRawDataToResource(
                posted,
                ca.uhn.fhir.rest.api.EncodingEnum.JSON,
                "{\"resourceType\":\"Observation\",\"favouriteColour\":\"teal\"}");
        SystemRequestDetails request = request(RestOperationTypeEnum.CREATE, posted);
        List<String> seen = new java.util.ArrayList<>();
        EarlyValidation reading = new EarlyValidation(
                FHIR,
                resource -> {
                    seen.add(ca.uhn.fhir.util.ResourceUtil.getRawStringFromResourceOrNull(resource));
                    return new ValidationResult(FHIR, List.of());
                },
                resource -> resource,
                1);
        try {
            reading.validateAhead(request);
            assertThat(seen).singleElement().asString().contains("favouriteColour");
            assertThat(reading.resultFor(posted, request)).isNotNull();

            ca.uhn.fhir.util.ResourceUtil.clearRawStringFromResource(posted);
            assertThat(reading.resultFor(posted, request))
                    .as("validated from another input at storage")
                    .isNull();
        } finally {
            reading.shutdown();
        }
    }

    @Test
    void withoutTheLabelsTheStorageHooksPutOnFirstTheResourceIsNotTheOneValidated() {
        Observation posted = heartRate(null, "Patient/p1");
        SystemRequestDetails request = request(RestOperationTypeEnum.CREATE, posted);
        early.validateAhead(request);

        assertThat(early.resultFor(posted, request)).isNull();
    }

    @Test
    void readsSearchesDeletesAndUnknownRequestsValidateNothingAhead() {
        Patient patient = new Patient();
        for (RestOperationTypeEnum operation : new RestOperationTypeEnum[] {
            RestOperationTypeEnum.READ,
            RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.DELETE,
            RestOperationTypeEnum.PATCH,
            RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            null
        }) {
            SystemRequestDetails request = request(operation, patient);
            early.validateAhead(request);
            assertThat(early.resultFor(patient, request))
                    .as(String.valueOf(operation))
                    .isNull();
        }
        assertThat(validations).hasValue(0);
    }

    @Test
    void aValidationThatFailsUnexpectedlyLeavesTheDecisionToStorage() {
        EarlyValidation failing = new EarlyValidation(
                FHIR,
                resource -> {
                    throw new IllegalStateException("terminology server down");
                },
                resource -> resource,
                1);
        try {
            Observation posted = heartRate(null, "Patient/p1");
            SystemRequestDetails request = request(RestOperationTypeEnum.CREATE, posted);
            failing.validateAhead(request);
            assertThat(failing.resultFor(posted, request)).isNull();
        } finally {
            failing.shutdown();
        }
    }
}
