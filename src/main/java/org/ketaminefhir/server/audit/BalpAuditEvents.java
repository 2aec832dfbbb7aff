package org.ketaminefhir.server.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.security.Caller;

/**
 * Builds the AuditEvent of one request to the FHIR endpoint, shaped per IHE Basic Audit Log Patterns (BALP): type
 * {@code rest} with the FHIR interaction as subtype; the user (information recipient, with the token's issuer, subject
 * and jti), the app (by client_id, with its network address) and this server as agents; the patients
 * (role Patient), the resources (role Domain Resource) and, for a search, the query (role Query) as entities; outcome
 * success, minor failure (4xx: refused or invalid) or serious failure (5xx) with the reason.
 *
 * <p>The event names what was accessed, never what it contained: it is not a copy of the response.
 */
public final class BalpAuditEvents {

    static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
    static final String EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/audit-event-type";
    static final String INTERACTION = "http://hl7.org/fhir/restful-interaction";
    static final String PARTICIPATION = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
    static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";
    static final String SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type";
    static final String BALP_ENTITY_TYPE = "https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType";

    /** One answered (or refused) request, as the audit filter saw it. */
    public record Access(
            Instant recorded,
            String method,
            String path,
            String query,
            int status,
            String remoteAddress,
            String fhirBase,
            String serverName,
            Caller caller,
            String refusal,
            String requestId,
            AccessRecord record,
            RequestTarget target) {}

    private BalpAuditEvents() {}

    public static AuditEvent of(Access access) {
        AuditEvent event = new AuditEvent();
        event.setId(UUID.randomUUID().toString());
        event.getMeta().setVersionId("1").setLastUpdated(Date.from(access.recorded()));
        event.setType(new Coding(EVENT_TYPE, "rest", "Restful Operation"));
        String interaction = interaction(access);
        event.addSubtype(new Coding(INTERACTION, interaction, null));
        event.setAction(action(interaction, access.method()));
        event.setRecorded(Date.from(access.recorded()));
        boolean partlyRefused = access.record() != null && access.record().isPartlyRefused();
        event.setOutcome(
                access.status() >= 500
                        ? AuditEventOutcome._8
                        : access.status() >= 400 || partlyRefused ? AuditEventOutcome._4 : AuditEventOutcome._0);
        if (access.status() >= 400 || partlyRefused) {
            String why = access.refusal() != null
                    ? access.refusal()
                    : access.record() == null ? null : access.record().refusal();
            event.setOutcomeDesc("HTTP " + access.status() + (why == null ? "" : ": " + why));
        }

        boolean dataFlowsToClient =
                !Set.of("create", "update", "patch", "delete").contains(interaction);
        Caller caller = access.caller();
        if (caller != null && !caller.isServer()) {
            if (caller.fhirUser() != null || !caller.subject().equals(caller.clientId())) {
                AuditEventAgentComponent user = event.addAgent();
                user.setType(new CodeableConcept(new Coding(PARTICIPATION, "IRCP", "information recipient")));
                Reference who = new Reference();
                if (caller.fhirUser() != null) {
                    who.setReference(relative(caller.fhirUser(), access.fhirBase()));
                }
                who.setIdentifier(new Identifier().setSystem(caller.issuer()).setValue(caller.subject()));
                who.setDisplay(caller.userName());
                user.setWho(who);
                user.setName(caller.userName());
                user.setRequestor(true);
                caller.roles().forEach(role -> user.addRole().setText(role));
                if (caller.tokenId() != null) {
                    user.addPolicy("urn:ietf:params:oauth:jti:" + caller.tokenId());
                }
            }
        }
        AuditEventAgentComponent app = event.addAgent();
        app.setType(new CodeableConcept(new Coding(DCM, "110150", "Application")));
        app.setWho(new Reference()
                .setIdentifier(new Identifier().setValue(caller == null ? "unknown" : caller.clientId())));
        app.setRequestor(caller == null || event.getAgent().size() == 1);
        network(app, access.remoteAddress());

        AuditEventAgentComponent client = event.addAgent();
        client.setType(new CodeableConcept(
                dataFlowsToClient
                        ? new Coding(DCM, "110152", "Destination Role ID")
                        : new Coding(DCM, "110153", "Source Role ID")));
        client.setWho(new Reference()
                .setIdentifier(new Identifier().setValue(caller == null ? "unknown" : caller.clientId())));
        client.setRequestor(false);
        network(client, access.remoteAddress());

        AuditEventAgentComponent server = event.addAgent();
        server.setType(new CodeableConcept(
                dataFlowsToClient
                        ? new Coding(DCM, "110153", "Source Role ID")
                        : new Coding(DCM, "110152", "Destination Role ID")));
        server.setWho(new Reference()
                .setIdentifier(new Identifier().setValue(access.fhirBase()))
                .setDisplay(access.serverName()));
        server.setRequestor(false);
        server.getNetwork().setAddress(access.fhirBase()).setType(AuditEventAgentNetworkType._5);

        event.getSource()
                .setSite(access.fhirBase())
                .setObserver(new Reference()
                        .setDisplay(access.serverName())
                        .setIdentifier(new Identifier().setValue(access.fhirBase())))
                .addType(new Coding(SOURCE_TYPE, "4", "Application Server"));

        for (String patient : patients(access)) {
            event.addEntity()
                    .setWhat(new Reference(patient))
                    .setType(new Coding(ENTITY_TYPE, "1", "Person"))
                    .setRole(new Coding(OBJECT_ROLE, "1", "Patient"));
        }
        for (String resource : resources(access)) {
            event.addEntity()
                    .setWhat(new Reference(resource))
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "4", "Domain Resource"));
        }
        if (access.record() != null && access.record().resourceCount() > AccessRecord.MAX_LISTED) {
            event.getEntityFirstRep()
                    .addDetail()
                    .setType("resourceCount")
                    .setValue(new org.hl7.fhir.r4.model.StringType(
                            String.valueOf(access.record().resourceCount())));
        }
        if (interaction.startsWith("search") || interaction.startsWith("history") || "operation".equals(interaction)) {
            var query = event.addEntity()
                    .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
                    .setRole(new Coding(OBJECT_ROLE, "24", "Query"))
                    .setDescription(access.method() + " " + access.path()
                            + (access.query() == null ? "" : "?" + access.query()));
            query.setQuery((access.query() == null ? "" : access.query()).getBytes(StandardCharsets.UTF_8));
            String operation = operation(access);
            if (operation != null) {
                query.addDetail().setType("operation").setValue(new org.hl7.fhir.r4.model.StringType(operation));
            }
        }
        if (access.requestId() != null && !access.requestId().isBlank()) {
            event.addEntity()
                    .setWhat(new Reference().setIdentifier(new Identifier().setValue(access.requestId())))
                    .setType(new Coding(BALP_ENTITY_TYPE, "XrequestId", "X-Request-Id"));
        }
        return event;
    }

    /** The patients an event is about: those found while answering, else those the request named. */
    static Set<String> patients(Access access) {
        Set<String> patients = new LinkedHashSet<>();
        if (access.record() != null) {
            patients.addAll(access.record().patients());
        }
        patients.addAll(access.target().patients());
        return patients;
    }

    static Set<String> resources(Access access) {
        Set<String> resources = new LinkedHashSet<>();
        if (access.record() != null) {
            resources.addAll(access.record().resources());
        }
        RequestTarget target = access.target();
        if (resources.isEmpty() && target.resourceType() != null && target.id() != null) {
            resources.add(target.resourceType() + "/" + target.id());
        }
        return resources;
    }

    static String interaction(Access access) {
        if (access.record() != null && access.record().interaction() != null) {
            return access.record().interaction();
        }
        return access.target().interaction();
    }

    private static String operation(Access access) {
        if (access.record() != null && access.record().operation() != null) {
            return access.record().operation();
        }
        return access.target().operation();
    }

    private static AuditEventAction action(String interaction, String method) {
        return switch (interaction) {
            case "create" -> AuditEventAction.C;
            case "read", "vread", "history-instance", "capabilities" -> AuditEventAction.R;
            case "update", "patch" -> AuditEventAction.U;
            case "delete" -> AuditEventAction.D;
            default -> AuditEventAction.E;
        };
    }

    private static void network(AuditEventAgentComponent agent, String address) {
        if (address != null) {
            agent.getNetwork().setAddress(address).setType(AuditEventAgentNetworkType._2);
        }
    }

    /** {@code https://host/fhir/Practitioner/1} → {@code Practitioner/1} when it is on this server. */
    static String relative(String reference, String fhirBase) {
        if (fhirBase != null && reference.startsWith(fhirBase + "/")) {
            return reference.substring(fhirBase.length() + 1);
        }
        return reference;
    }
}
