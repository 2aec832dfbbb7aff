package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * A Bulk Data export's parameters, checked at kick-off (Bulk Data Access 2.0): HAPI reads {@code _typeFilter} only
 * when the export runs (a filter it cannot run failed the export later), ignores {@code patient} on a system-level
 * export (exporting every patient) and ignores {@code _elements}.
 *
 * <ul>
 *   <li>{@code patient} is defined for patient- and group-level exports only: on {@code /$export} it is refused (400).
 *   <li>Each {@code _typeFilter} must be {@code [type]?[search parameters]} HAPI can search with.
 *   <li>{@code includeAssociatedData} is not supported (no Provenance is kept to add).
 *   <li>Each {@code _elements} entry must be {@code [element]} or {@code [type].[element]}, a top-level element of a
 *       type the export holds (applied by {@link ExportElements}).
 * </ul>
 *
 * A filter or element that fails is refused with 400 (strict handling, the default); with {@code Prefer:
 * handling=lenient} it is ignored, the export runs without it, and the export's manifest lists an error file (an
 * OperationOutcome in NDJSON) saying what was ignored and why, written here once the export's owner is known.
 */
@Interceptor(order = RequestPath.EXPORT_KICK_OFF)
public class ExportKickOff {

    /** The export's {@code _elements}, comma-separated (job user data, read by {@link ExportElements}). */
    static final String ELEMENTS = "ketamine.elements";

    /** What lenient handling ignored, one line each (job user data, until the error file is written). */
    static final String IGNORED = "ketamine.ignored";

    /** The export's error file, {@code Binary/[id]} (job user data, listed in the manifest's {@code error}). */
    static final String ERROR_FILE = "ketamine.errorFile";

    static final String NDJSON = "application/fhir+ndjson";

    /** What {@code _outputFormat} may say for NDJSON (Bulk Data Access 2.0 SHALL accept each). */
    static final Set<String> NDJSON_NAMES = Set.of(NDJSON, "application/ndjson", "ndjson");

    private final FhirContext fhirContext;
    private final MatchUrlService matchUrls;
    private final DaoRegistry daos;

    public ExportKickOff(FhirContext fhirContext, MatchUrlService matchUrls, DaoRegistry daos) {
        this.fhirContext = fhirContext;
        this.matchUrls = matchUrls;
        this.daos = daos;
    }

    @Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
    public void check(BulkExportJobParameters export, RequestDetails request) {
        if (export.getExportStyle() == BulkExportJobParameters.ExportStyle.SYSTEM && given(request, "patient")) {
            throw new InvalidRequestException("The patient parameter is defined for patient- and group-level exports "
                    + "only (Patient/$export, Group/[id]/$export), not for a system-level /$export");
        }
        boolean lenient = lenient(request);
        List<String> ignored = new ArrayList<>();

        // The IG's three names of NDJSON are one format: the files are served as application/fhir+ndjson (HAPI would
        // label them with the name asked for, and then not serve them to an Accept: application/fhir+ndjson).
        if (export.getOutputFormat() != null
                && NDJSON_NAMES.contains(export.getOutputFormat().toLowerCase(Locale.ROOT))) {
            export.setOutputFormat(NDJSON);
        }

        if (!values(request, "includeAssociatedData").isEmpty()) {
            String problem = "includeAssociatedData is not supported: this server keeps no associated data (such as "
                    + "Provenance) to add to an export";
            if (!lenient) {
                throw new InvalidRequestException(problem);
            }
            ignored.add(problem + "; it was ignored (Prefer: handling=lenient)");
        }

        List<String> filters = new ArrayList<>();
        for (String filter : export.getFilters()) {
            String problem = filterProblem(filter);
            if (problem == null) {
                filters.add(filter);
            } else if (lenient) {
                ignored.add(problem + "; it was ignored (Prefer: handling=lenient), so every " + typeOrAll(filter)
                        + " resource the export holds is exported unfiltered by it");
            } else {
                throw new InvalidRequestException(problem);
            }
        }
        export.setFilters(filters);

        List<String> elements = new ArrayList<>();
        for (String element : values(request, "_elements")) {
            String problem = elementProblem(element, export.getResourceTypes());
            if (problem == null) {
                elements.add(element);
            } else if (lenient) {
                ignored.add(problem + "; it was ignored (Prefer: handling=lenient)");
            } else {
                throw new InvalidRequestException(problem);
            }
        }
        if (!elements.isEmpty()) {
            export.setUserData(ELEMENTS, String.join(",", elements));
        }
        if (!ignored.isEmpty()) {
            export.setUserData(IGNORED, String.join("\n", ignored));
        }
    }

    /**
     * The error file of a lenient export that ignored something: one OperationOutcome, a warning per thing ignored, in
     * a Binary stamped with the export's owner like its other files (so only that client reads it). Runs after the
     * access gate has stamped the owner.
     */
    @Hook(Pointcut.STORAGE_INITIATE_BULK_EXPORT)
    public void errorFile(BulkExportJobParameters export) {
        Object ignored = export.getUserData().get(IGNORED);
        if (!(ignored instanceof String lines) || lines.isBlank()) {
            return;
        }
        OperationOutcome outcome = new OperationOutcome();
        for (String line : lines.split("\n")) {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.WARNING)
                    .setCode(OperationOutcome.IssueType.NOTSUPPORTED)
                    .setDiagnostics(line);
        }
        Binary file = new Binary();
        file.setContentType(NDJSON);
        file.setData((fhirContext.newJsonParser().setPrettyPrint(false).encodeResourceToString(outcome) + "\n")
                .getBytes(StandardCharsets.UTF_8));
        if (export.getBinarySecurityContextIdentifierSystem() != null) {
            file.setSecurityContext(new Reference()
                    .setIdentifier(new org.hl7.fhir.r4.model.Identifier()
                            .setSystem(export.getBinarySecurityContextIdentifierSystem())
                            .setValue(export.getBinarySecurityContextIdentifierValue())));
        }
        String id = daos.getResourceDao(Binary.class)
                .create(file, new SystemRequestDetails())
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        export.setUserData(IGNORED, null);
        export.setUserData(ERROR_FILE, id);
    }

    /** Why the server cannot run this filter, or null if it can. */
    String filterProblem(String filter) {
        String type;
        try {
            type = typeOf(filter);
        } catch (InvalidRequestException malformed) {
            return malformed.getMessage();
        }
        RuntimeResourceDefinition definition;
        try {
            definition = fhirContext.getResourceDefinition(type);
        } catch (DataFormatException unknown) {
            return "_typeFilter " + filter + " names " + type + ", which is not a resource type";
        }
        try {
            matchUrls.translateMatchUrl(filter, definition);
        } catch (InvalidRequestException | DataFormatException notASearch) {
            return "_typeFilter " + filter + " is not a search this server can run: " + notASearch.getMessage();
        }
        return null;
    }

    /** The resource type a filter is on: the part before its {@code ?}, which must be followed by parameters. */
    static String typeOf(String filter) {
        int question = filter.indexOf('?');
        if (question <= 0 || question == filter.length() - 1) {
            throw new InvalidRequestException("_typeFilter must be [type]?[search parameters], e.g. "
                    + "Observation?category=vital-signs; '" + filter + "' is not");
        }
        return filter.substring(0, question);
    }

    private static String typeOrAll(String filter) {
        int question = filter.indexOf('?');
        return question > 0 ? filter.substring(0, question) : "";
    }

    /**
     * Why an {@code _elements} entry cannot be applied, or null: it must name a top-level element ({@code name} or
     * {@code Type.name}) of one of the types exported.
     */
    String elementProblem(String element, List<String> types) {
        String[] parts = element.split("\\.", -1);
        if (parts.length > 2 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            return "_elements " + element + " is not [element] or [type].[element] (only top-level elements of a"
                    + " resource, e.g. Patient.name or id)";
        }
        if (parts.length == 2) {
            if (!types.contains(parts[0])) {
                return "_elements " + element + " names " + parts[0] + ", which this export does not hold";
            }
            return hasElement(parts[0], parts[1])
                    ? null
                    : "_elements " + element + ": " + parts[0] + " has no top-level element " + parts[1];
        }
        return types.stream().anyMatch(type -> hasElement(type, parts[0]))
                ? null
                : "_elements " + element + " is a top-level element of none of the types this export holds";
    }

    private boolean hasElement(String type, String element) {
        RuntimeResourceDefinition definition;
        try {
            definition = fhirContext.getResourceDefinition(type);
        } catch (DataFormatException unknown) {
            return false;
        }
        return topLevelNames(definition).contains(element);
    }

    /** A resource type's top-level element names, a choice without its {@code [x]}. */
    static Set<String> topLevelNames(RuntimeResourceDefinition definition) {
        Set<String> names = new LinkedHashSet<>();
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            names.add(ExportElements.baseName(child));
        }
        return names;
    }

    /** True if the kick-off asks for lenient handling ({@code Prefer: respond-async, handling=lenient}). */
    static boolean lenient(RequestDetails request) {
        List<String> prefer = request.getHeaders("Prefer");
        return prefer != null
                && prefer.stream()
                        .flatMap(h -> Arrays.stream(h.split("[,;]")))
                        .map(p -> p.trim().toLowerCase(Locale.ROOT).replace(" ", ""))
                        .anyMatch("handling=lenient"::equals);
    }

    private static boolean given(RequestDetails request, String name) {
        return request.getParameters().containsKey(name)
                || request.getResource() instanceof Parameters parameters && parameters.getParameter(name) != null;
    }

    /** A parameter's values from the URL or a POSTed Parameters body, each split at commas. */
    static List<String> values(RequestDetails request, String name) {
        List<String> values = new ArrayList<>();
        String[] inUrl = request.getParameters().get(name);
        if (inUrl != null) {
            values.addAll(Arrays.asList(inUrl));
        }
        if (request.getResource() instanceof Parameters parameters) {
            parameters.getParameter().stream()
                    .filter(p -> name.equals(p.getName()) && p.getValue() != null)
                    .forEach(p -> values.add(p.getValue().primitiveValue()));
        }
        return values.stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}
