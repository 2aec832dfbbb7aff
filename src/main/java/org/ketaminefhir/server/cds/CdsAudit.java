package org.ketaminefhir.server.cds;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.audit.AuditFilter;
import org.ketaminefhir.server.audit.AuditLog;

/**
 * The audit record of a CDS Hooks service call, kept with the FHIR endpoint's in the same trail (searchable at
 * {@code /fhir/AuditEvent}): the EHR that called (its JWT's issuer and subject, or the refusal), the patient whose
 * records were read, the service, and the outcome. Like the FHIR endpoint's records it names what was read, never what
 * it contained, and it is stored before the answer is released.
 */
public class CdsAudit {

    /** The request attribute naming the patient whose records a service call read. */
    public static final String PATIENT_ATTRIBUTE = CdsAudit.class.getName() + ".patient";
    /** The subtype of these records: a code of this server's own (no standard code names a CDS Hooks call). */
    public static final String SUBTYPE_SYSTEM = "urn:ketamine-fhir:audit-subtype";

    public static final String SUBTYPE = "cds-service-call";

    private static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

    /** One call, as the filter saw it. */
    public record Call(
            Instant recorded,
            String serviceUrl,
            int status,
            String refusal,
            CdsClientJwt.Client client,
            String patient,
            String remoteAddress,
            String serverBase) {}

    private final AuditLog log;

    public CdsAudit(AuditLog log) {
        this.log = log;
    }

    /** Stores the record; throws if it cannot (the answer must then not be released). */
    public void record(Call call) {
        AuditEvent event = event(call);
        log.append(event, AuditFilter.subjects(event));
    }

    static AuditEvent event(Call call) {
        AuditEvent event = new AuditEvent();
        event.setId(UUID.randomUUID().toString());
        event.getMeta().setVersionId("1").setLastUpdated(Date.from(call.recorded()));
        event.setType(new Coding(DCM, "110112", "Query"));
        event.addSubtype(new Coding(SUBTYPE_SYSTEM, SUBTYPE, "CDS Hooks service call"));
        event.setAction(AuditEvent.AuditEventAction.E);
        event.setRecorded(Date.from(call.recorded()));
        event.setOutcome(
                call.status() >= 500
                        ? AuditEventOutcome._8
                        : call.status() >= 400 ? AuditEventOutcome._4 : AuditEventOutcome._0);
        if (call.status() >= 400) {
            event.setOutcomeDesc("HTTP " + call.status() + (call.refusal() == null ? "" : ": " + call.refusal()));
        }

        AuditEventAgentComponent client = event.addAgent();
        client.setType(new CodeableConcept(new Coding(DCM, "110150", "Application")));
        client.setRequestor(true);
        client.setWho(
                call.client() == null
                        ? new Reference().setDisplay("unverified CDS client")
                        : new Reference()
                                .setIdentifier(new Identifier()
                                        .setSystem(call.client().issuer())
                                        .setValue(call.client().subject())));
        if (call.remoteAddress() != null) {
            client.getNetwork().setAddress(call.remoteAddress()).setType(AuditEventAgentNetworkType._2);
        }
        AuditEventAgentComponent server = event.addAgent();
        server.setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")));
        server.setRequestor(false);
        server.setWho(new Reference().setIdentifier(new Identifier().setValue(call.serverBase())));
        event.getSource()
                .setSite(call.serverBase())
                .setObserver(new Reference().setIdentifier(new Identifier().setValue(call.serverBase())));

        if (call.patient() != null) {
            event.addEntity()
                    .setWhat(new Reference(call.patient()))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        event.addEntity()
                .setWhat(new Reference().setIdentifier(new Identifier().setValue(call.serviceUrl())))
                .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                .setDescription("CDS Hooks service");
        return event;
    }
}
