package org.ketaminefhir.server.security.access;

import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ketaminefhir.server.security.scopes.Permission;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;
import org.ketaminefhir.server.security.scopes.SmartScopes;

/**
 * What a token needs to call each operation the server serves on patient data. The clinical operations read a whole
 * chart with the server's own eyes (a rule must see everything), so the token must be allowed to see everything they
 * read: unfiltered scopes for each type, the patient's compartment in a patient context, and the sensitive-data scope.
 * Operations that store something need the write permission on what they store, and the read permission on what they
 * return. Operations not listed here are refused (default deny), except the terminology operations on conformance
 * resources and {@code $validate}, which the access gate handles.
 */
public final class OperationAccess {

    /**
     * One operation.
     *
     * @param name      e.g. {@code $ketamine-progress}
     * @param type      the resource type it is invoked on, at instance level
     * @param needs     the permissions needed, by resource type
     * @param sensitive true if it reads labelled (mental-health) data and so needs the sensitive-data scope
     */
    public record Operation(String name, String type, Map<String, Set<Permission>> needs, boolean sensitive) {}

    private static final Set<Permission> R = Set.of(Permission.READ);

    public static final List<Operation> OPERATIONS = List.of(
            new Operation(
                    "$ketamine-eligibility",
                    "Patient",
                    Map.of("Patient", R, "Observation", Set.of(Permission.READ, Permission.UPDATE)),
                    true),
            new Operation(
                    "$ketamine-plan",
                    "Patient",
                    Map.of("Patient", R, "Observation", R, "CarePlan", Set.of(Permission.CREATE, Permission.READ)),
                    true),
            new Operation(
                    "$ketamine-progress",
                    "Patient",
                    Map.of(
                            "Patient",
                            R,
                            "Observation",
                            R,
                            "MedicationAdministration",
                            R,
                            "CarePlan",
                            R,
                            "DetectedIssue",
                            R,
                            "Task",
                            R),
                    true),
            new Operation(
                    "$rems-summary",
                    "MedicationAdministration",
                    Map.of("MedicationAdministration", R, "Observation", R, "Patient", R, "DetectedIssue", R),
                    true),
            // SDC $populate: the REMS form pre-filled from the same reading of the session's chart as $rems-summary
            // (clinicians' and backends' tokens, at instance and type level), and the Questionnaire read. Like
            // $rems-summary, the names and contacts of the prescriber (the requester of the session's order) and the
            // monitoring clinician are read by the server: practitioners' work details, not the patient's record.
            new Operation(
                    "$populate",
                    "Questionnaire",
                    Map.of(
                            "Questionnaire",
                            R,
                            "MedicationAdministration",
                            R,
                            "Observation",
                            R,
                            "Patient",
                            R,
                            "DetectedIssue",
                            R),
                    true),
            // Which questionnaires the patient is to answer: mental-health data, like the answers.
            new Operation("$ketamine-due-questionnaires", "Patient", Map.of("Patient", R, "Task", R), true),
            // SDC $extract: what a questionnaire response yields (the derived findings are the clinic's records, and a
            // patient's token may not write them): clinicians' and backends' tokens only, at instance and type level.
            new Operation(
                    "$extract", "QuestionnaireResponse", Map.of("QuestionnaireResponse", R, "Observation", R), true),
            // The International Patient Summary: like $everything, its content is narrowed resource by resource
            // (compartment, granted types, labels), so Patient read suffices.
            new Operation("$summary", "Patient", Map.of("Patient", R), false),
            // $everything's output is checked resource by resource (compartment, scopes, labels): Patient read
            // suffices.
            new Operation("$everything", "Patient", Map.of("Patient", R), false));

    /** Operations a token in a patient's context may not call (its scopes notwithstanding). */
    public static final Set<String> NOT_FOR_PATIENT_TOKENS = Set.of("$extract", "$populate");

    /** Operations also served at type level (e.g. {@code POST /QuestionnaireResponse/$extract} with the resource). */
    public static final Set<String> TYPE_LEVEL = Set.of("$extract", "$populate");

    /** The resource types the terminology operations are served on (any valid token; see {@code SmartRules}). */
    static final Set<String> TERMINOLOGY_TYPES = Set.of("ValueSet", "CodeSystem", "ConceptMap");

    private OperationAccess() {}

    /**
     * True if some token may call this operation on this resource type ({@code null}: on the whole server), so that the
     * CapabilityStatement declares only what is served: the operations above, {@code $validate} on any type, the
     * terminology operations on ValueSet, CodeSystem and ConceptMap, and Bulk Data export (system, Patient, Group) with
     * its status. Everything else HAPI offers ({@code $meta}, {@code $expunge}, {@code $reindex}, ...) is refused for
     * every token (default deny), and so is not declared.
     */
    public static boolean served(String operation, String type) {
        if (type == null) {
            return EXPORT.equals(operation) || EXPORT_STATUS.equals(operation);
        }
        return "$validate".equals(operation)
                || (ResourceKinds.TERMINOLOGY_OPERATIONS.contains(operation) && TERMINOLOGY_TYPES.contains(type))
                || (EXPORT.equals(operation) && ("Patient".equals(type) || "Group".equals(type)))
                || OPERATIONS.stream()
                        .anyMatch(o -> o.name().equals(operation) && o.type().equals(type));
    }

    private static final String EXPORT = ProviderConstants.OPERATION_EXPORT;
    private static final String EXPORT_STATUS = ProviderConstants.OPERATION_EXPORT_POLL_STATUS;

    public static Optional<Operation> named(String name) {
        return OPERATIONS.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** True if the scopes of this context grant everything the operation needs, without filters. */
    public static boolean permits(Operation operation, SmartScopes scopes, Context context) {
        return operation.needs().entrySet().stream()
                .allMatch(need -> need.getValue().stream()
                        .allMatch(permission -> scopes.granting(context, need.getKey(), permission).stream()
                                .anyMatch(s -> !s.hasFilter())));
    }

    /** The contexts (patient, user, system) in which the scopes grant the operation. */
    public static List<Context> contextsPermitting(Operation operation, SmartScopes scopes) {
        return List.of(Context.values()).stream()
                .filter(c -> permits(operation, scopes, c))
                .toList();
    }
}
