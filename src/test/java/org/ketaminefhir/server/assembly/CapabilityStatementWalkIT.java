package org.ketaminefhir.server.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceOperationComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.IgExamples;
import org.ketaminefhir.server.support.Tokens;

/**
 * The CapabilityStatement is true. It is valid base R4 (HAPI's validator, the default support chain) and says who the
 * server is; and, driven by the statement alone, every interaction declared for every resource type, every declared
 * search parameter and every declared operation is called once over HTTP with a real token, on the IG's example
 * journey and on a minimal instance of each type ({@link MinimalResources}) that the walk creates and deletes. Every
 * call must succeed: 2xx, a search a searchset Bundle (an unknown parameter would be a 400), an operation with the
 * parameters its OperationDefinition requires (and the data it needs).
 */
class CapabilityStatementWalkIT extends FhirServerTestBase {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_JSON = "application/fhir+json";

    /** The IG's terms the terminology operations are asked about. */
    private static final String CODE_SYSTEM = "https://ketaminefhir.org/ig/CodeSystem/ketamine-observation-codes";

    private static final String CODE = "cadss";
    private static final String VALUE_SET = "https://ketaminefhir.org/ig/ValueSet/treatment-protocol";
    private static final String VALUE_SET_SYSTEM = "https://ketaminefhir.org/ig/CodeSystem/treatment-protocol";
    private static final String VALUE_SET_CODE = "iv-racemic";

    /** The example each instance-level operation of the clinic runs on (the data it needs). */
    private static final Map<String, String> OPERATION_INSTANCES = Map.of(
            "Patient", "patient-iv",
            "MedicationAdministration", "esk-session-1",
            "QuestionnaireResponse", "iv-phq9-response-week2");

    /** Values for operation parameters the clinic's operations require, by name. */
    private static final Map<String, String> OPERATION_VALUES =
            Map.of("start", "2026-01-05", "protocol", "iv-racemic", "treatmentDay", "mon");

    private final MinimalResources minimal = new MinimalResources(FHIR);
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger calls = new AtomicInteger();
    private final Map<String, AtomicInteger> byKind = new ConcurrentHashMap<>();
    private final Map<String, String> operationDefinitions = new ConcurrentHashMap<>();

    private record Answer(int status, String body, HttpResponse<String> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                return JSON.createObjectNode();
            }
        }
    }

    // ---- the statement itself ----------------------------------------------------------------------------------

    @Test
    void theStatementIsValidR4AndSaysWhoTheServerIs() throws Exception {
        Answer metadata = call("metadata", "GET", "/metadata", null, null, null);
        assertThat(metadata.status()).isEqualTo(200);

        FhirValidator validator = FHIR.newValidator();
        validator.registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR))));
        List<String> errors = validator.validateWithResult(metadata.body()).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(SingleValidationMessage::toString)
                .toList();
        assertThat(errors)
                .as("errors of HAPI's validator (base R4) on the CapabilityStatement")
                .isEmpty();

        CapabilityStatement statement = FHIR.newJsonParser().parseResource(CapabilityStatement.class, metadata.body());
        assertThat(statement.getTitle()).isEqualTo("Ketamine Therapy FHIR Server");
        assertThat(statement.getName()).isEqualTo("KetamineTherapyFHIRServer");
        assertThat(statement.getPublisher()).isEqualTo("Ketamine FHIR Server project");
        assertThat(statement.getSoftware().getName()).isEqualTo("Ketamine Therapy FHIR Server");
        assertThat(statement.getSoftware().getVersion()).isEqualTo(System.getProperty("project.version"));
        assertThat(statement.getImplementation().getUrl()).isEqualTo(fhirBase());
        assertThat(statement.getKind()).isEqualTo(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        assertThat(statement.getFormat())
                .as("formats are MIME types (HAPI's html/json page format is not one)")
                .extracting(f -> f.getValue())
                .contains("application/fhir+json", "application/fhir+xml")
                .noneMatch(f -> f.startsWith("html/"));
        assertThat(statement.getRestFirstRep().getResource())
                .as("no resource counts in the public statement")
                .allMatch(r -> r.getExtension().isEmpty());

        CapabilityStatementRestComponent rest = statement.getRestFirstRep();
        assertThat(rest.getSecurity().getService())
                .flatExtracting(CodeableConcept::getCoding)
                .extracting(c -> c.getSystem() + "#" + c.getCode())
                .containsExactly("http://terminology.hl7.org/CodeSystem/restful-security-service#SMART-on-FHIR");
        Extension oauth = rest.getSecurity()
                .getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        assertThat(oauth).isNotNull();
        assertThat(oauth.getExtensionByUrl("token").getValue().primitiveValue()).isEqualTo(origin() + "/oauth2/token");
        assertThat(oauth.getExtensionByUrl("authorize").getValue().primitiveValue())
                .startsWith(origin() + "/");

        // Bulk Data Access 2.0.0: the export operations by their canonical definitions, as the IG's statement has them.
        assertThat(definitionOf(rest.getOperation(), "export"))
                .isEqualTo("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export");
        assertThat(definitionOf(resource(rest, "Patient").getOperation(), "export"))
                .isEqualTo("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/patient-export");
        assertThat(definitionOf(resource(rest, "Group").getOperation(), "export"))
                .isEqualTo("http://hl7.org/fhir/uv/bulkdata/OperationDefinition/group-export");
        assertThat(statement.getInstantiates())
                .extracting(IPrimitiveType::getValue)
                .containsOnlyOnce("http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data|2.0.0")
                .doesNotContain("http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data");

        // Declared: the clinic's operations, $everything, $extract; not declared: what every token is refused.
        assertThat(resource(rest, "Patient").getOperation())
                .extracting(CapabilityStatementRestResourceOperationComponent::getName)
                .contains(
                        "everything",
                        "ketamine-eligibility",
                        "ketamine-plan",
                        "ketamine-progress",
                        "ketamine-due-questionnaires",
                        "summary")
                .doesNotContain("meta", "meta-add", "meta-delete", "expunge");
        assertThat(resource(rest, "MedicationAdministration").getOperation())
                .extracting(CapabilityStatementRestResourceOperationComponent::getName)
                .contains("rems-summary");
        assertThat(resource(rest, "QuestionnaireResponse").getOperation())
                .extracting(CapabilityStatementRestResourceOperationComponent::getName)
                .contains("extract");
        assertThat(resource(rest, "Questionnaire").getOperation())
                .extracting(CapabilityStatementRestResourceOperationComponent::getName)
                .contains("populate");
        assertThat(rest.getDocumentation()).contains(origin() + "/cds-services");

        // What the statement leaves out is not served: each of these is refused, so declaring it would be untrue.
        for (String refused : List.of("_content=walk", "_text=walk", "_filter=name eq walk", "_language=en")) {
            String name = refused.substring(0, refused.indexOf('='));
            assertThat(resource(rest, "Patient").getSearchParam())
                    .extracting(CapabilityStatementRestResourceSearchParamComponent::getName)
                    .doesNotContain(name);
            Answer answer = call(
                    "search-parameter",
                    "GET",
                    "/Patient?" + name + "=" + encode(refused.substring(name.length() + 1)),
                    null,
                    null,
                    token());
            assertThat(answer.status())
                    .as("Patient?" + refused + ": " + answer.body())
                    .isEqualTo(400);
        }
        Answer subsumes = get(
                "/CodeSystem/$subsumes?system=" + encode(CODE_SYSTEM) + "&codeA=" + CODE + "&codeB=" + CODE, token());
        assertThat(subsumes.status()).as("$subsumes: " + subsumes.body()).isEqualTo(403);
    }

    private static CapabilityStatementRestResourceComponent resource(
            CapabilityStatementRestComponent rest, String type) {
        return rest.getResource().stream()
                .filter(r -> r.getType().equals(type))
                .findFirst()
                .orElseThrow(() -> new AssertionError(type + " is not declared"));
    }

    private static String definitionOf(
            List<CapabilityStatementRestResourceOperationComponent> operations, String name) {
        return operations.stream()
                .filter(o -> o.getName().equals(name))
                .map(CapabilityStatementRestResourceOperationComponent::getDefinition)
                .findFirst()
                .orElse(null);
    }

    // ---- the walk ------------------------------------------------------------------------------------------------

    @Test
    void everythingTheStatementDeclaresIsServed() throws Exception {
        // The IG's example journey, the data the search values and the clinic's operations are taken from.
        Answer journey = call(
                "journey",
                "POST",
                "",
                FHIR_JSON,
                FHIR.newJsonParser().encodeResourceToString(IgExamples.journeyTransaction(FHIR)),
                token());
        assertThat(journey.status()).as(journey.body()).isEqualTo(200);
        Answer metadata = call("metadata", "GET", "/metadata", null, null, null);
        CapabilityStatement statement = FHIR.newJsonParser().parseResource(CapabilityStatement.class, metadata.body());
        CapabilityStatementRestComponent rest = statement.getRestFirstRep();
        Instant started = Instant.now();

        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> walks = new ArrayList<>();
            for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
                walks.add(pool.submit(() -> walkType(resource)));
            }
            for (Future<?> walk : walks) {
                walk.get();
            }
        } finally {
            pool.shutdown();
        }
        walkSystem(rest);

        String summary = calls.get() + " calls in "
                + Duration.between(started, Instant.now()).toSeconds() + " s on "
                + rest.getResource().size() + " resource types: " + new java.util.TreeMap<>(byKind);
        System.out.println("CapabilityStatement walk: " + summary);
        assertThat(failures)
                .as(summary + "; these declared capabilities failed")
                .isEmpty();
        int declaredParameters = rest.getResource().stream()
                .mapToInt(r -> r.getSearchParam().size())
                .sum();
        assertThat(byKind.get("search-parameter").get())
                .as("every declared search parameter called once")
                .isEqualTo(declaredParameters);
    }

    private void walkType(CapabilityStatementRestResourceComponent declared) {
        String type = declared.getType();
        try {
            Set<String> interactions = declared.getInteraction().stream()
                    .map(i -> i.getCode().toCode())
                    .collect(Collectors.toSet());
            String token = token();
            String created = null;
            if (interactions.contains("create")) {
                Answer answer = call("create", "POST", "/" + type, FHIR_JSON, minimal.json(type), token);
                if (answer.status() == 403 && answer.body().contains("scope naming it")) {
                    // Definitions are written only with a scope naming their type (security.md).
                    token = Tokens.backend(origin(), Tokens.FULL + " system/" + type + ".cud");
                    answer = call("create", "POST", "/" + type, FHIR_JSON, minimal.json(type), token);
                }
                if (expect(answer, 201, "create " + type)) {
                    created = answer.json().path("id").asText();
                }
            }
            String id = created != null ? created : existing(type);
            if (id == null) {
                failures.add(type + ": no instance to walk (nothing created, none stored)");
                return;
            }
            String version = "1";
            if (interactions.contains("read")) {
                Answer read = call("read", "GET", "/" + type + "/" + id, null, null, token);
                if (expect(read, 200, "read " + type + "/" + id)) {
                    version = read.json().path("meta").path("versionId").asText("1");
                    if (interactions.contains("update") && created != null) {
                        expect(
                                call("update", "PUT", "/" + type + "/" + id, FHIR_JSON, read.body(), token),
                                200,
                                "update " + type + "/" + id);
                    }
                }
            }
            if (interactions.contains("vread")) {
                expect(
                        call("vread", "GET", "/" + type + "/" + id + "/_history/" + version, null, null, token),
                        200,
                        "vread " + type + "/" + id);
            }
            if (interactions.contains("patch") && created != null) {
                expect(
                        call(
                                "patch",
                                "PATCH",
                                "/" + type + "/" + id,
                                "application/json-patch+json",
                                "[{\"op\":\"add\",\"path\":\"/language\",\"value\":\"en\"}]",
                                token),
                        200,
                        "patch " + type + "/" + id);
            }
            if (interactions.contains("history-instance")) {
                expectBundle(
                        call("history-instance", "GET", "/" + type + "/" + id + "/_history", null, null, token),
                        "history",
                        "history of " + type + "/" + id);
            }
            if (interactions.contains("history-type")) {
                expectBundle(
                        call("history-type", "GET", "/" + type + "/_history?_count=1", null, null, token),
                        "history",
                        "history of " + type);
            }
            if (interactions.contains("search-type")) {
                expectBundle(
                        call("search-type", "GET", "/" + type + "?_count=1", null, null, token),
                        "searchset",
                        "search " + type);
            }
            List<IBaseResource> sources = sources(type, id, token);
            for (CapabilityStatementRestResourceSearchParamComponent parameter : declared.getSearchParam()) {
                String name = parameter.getName().equals("_has") ? has(type) : parameter.getName();
                String value = name.startsWith("_has:") ? "walk-none" : searchValue(type, parameter, sources);
                expectBundle(
                        call(
                                "search-parameter",
                                "GET",
                                "/" + type + "?" + name + "=" + encode(value) + "&_count=1",
                                null,
                                null,
                                token),
                        "searchset",
                        type + "?" + name + "=" + value);
            }
            for (CapabilityStatementRestResourceOperationComponent operation : declared.getOperation()) {
                operation(type, operation, created, token);
            }
            if (interactions.contains("delete")) {
                if (created == null) {
                    failures.add(type + ": delete is declared but nothing could be created to delete");
                } else {
                    Answer deleted = call("delete", "DELETE", "/" + type + "/" + created, null, null, token);
                    if (deleted.status() != 200 && deleted.status() != 204) {
                        failures.add("delete " + type + "/" + created + " → " + deleted.status() + ": "
                                + snippet(deleted.body()));
                    }
                }
            }
        } catch (Exception e) {
            failures.add(type + ": " + e);
        }
    }

    /** An instance of the type the server holds (an IG example, or the first a search finds). */
    private String existing(String type) throws Exception {
        Optional<IgExamples.Example> example = example(type);
        if (example.isPresent()) {
            return example.get().id();
        }
        Answer search = call("search-type", "GET", "/" + type + "?_count=1", null, null, token());
        JsonNode entry = search.json().path("entry").path(0).path("resource");
        return entry.isMissingNode() ? null : entry.path("id").asText();
    }

    private static Optional<IgExamples.Example> example(String type) {
        String preferred = OPERATION_INSTANCES.get(type);
        List<IgExamples.Example> examples = IgExamples.all().stream()
                .filter(e -> e.resourceType().equals(type))
                .toList();
        return examples.stream()
                .filter(e -> e.id().equals(preferred))
                .findFirst()
                .or(() -> examples.stream().findFirst());
    }

    /** What search values are read from: the IG's examples of the type (the server holds them), and the walked one. */
    private List<IBaseResource> sources(String type, String id, String token) throws Exception {
        List<IBaseResource> sources = new ArrayList<>();
        IgExamples.all().stream()
                .filter(e -> e.resourceType().equals(type))
                .forEach(e -> sources.add(FHIR.newJsonParser().parseResource(e.json())));
        Answer read = call("source", "GET", "/" + type + "/" + id, null, null, token);
        if (read.status() == 200) {
            sources.add(FHIR.newJsonParser().parseResource(read.body()));
        }
        return sources;
    }

    // ---- search values -------------------------------------------------------------------------------------------

    /** A value of the parameter taken from the data where the data has one, else one of the parameter's type. */
    private String searchValue(
            String type, CapabilityStatementRestResourceSearchParamComponent parameter, List<IBaseResource> sources) {
        RuntimeSearchParam known = FHIR.getResourceDefinition(type).getSearchParam(parameter.getName());
        if (known != null && known.getPath() != null && !known.getPath().isBlank()) {
            for (IBaseResource source : sources) {
                for (String path : known.getPath().split("\\|")) {
                    try {
                        for (IBase found : FHIR.newFhirPath().evaluate(source, path.trim(), IBase.class)) {
                            String value = format(parameter.getType(), found);
                            if (value != null && !value.isBlank()) {
                                return value;
                            }
                        }
                    } catch (RuntimeException unsupported) {
                        // e.g. resolve(): no value from the data
                    }
                }
            }
        }
        if (parameter.getName().equals("_id") && !sources.isEmpty()) {
            return sources.get(sources.size() - 1).getIdElement().getIdPart();
        }
        return synthetic(type, parameter.getType(), known);
    }

    /**
     * {@code _has} as a client writes it: resources that a Provenance targets (Provenance.target reaches any type), on
     * the Provenance's _id.
     */
    private static String has(String type) {
        return "_has:Provenance:target:_id";
    }

    private static String format(SearchParamType type, IBase found) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case TOKEN -> {
                if (found instanceof Coding c && c.hasCode()) {
                    yield (c.hasSystem() ? c.getSystem() + "|" : "") + c.getCode();
                }
                if (found instanceof CodeableConcept cc) {
                    yield cc.getCoding().stream()
                            .filter(Coding::hasCode)
                            .findFirst()
                            .map(c -> (c.hasSystem() ? c.getSystem() + "|" : "") + c.getCode())
                            .orElse(null);
                }
                if (found instanceof Identifier i && i.hasValue()) {
                    yield (i.hasSystem() ? i.getSystem() + "|" : "") + i.getValue();
                }
                if (found instanceof ContactPoint cp) {
                    yield cp.getValue();
                }
                yield found instanceof IPrimitiveType<?> p ? p.getValueAsString() : null;
            }
            case STRING -> {
                if (found instanceof HumanName n) {
                    yield n.hasFamily() ? n.getFamily() : n.getText();
                }
                if (found instanceof Address a) {
                    yield a.hasCity() ? a.getCity() : a.getText();
                }
                yield found instanceof IPrimitiveType<?> p ? p.getValueAsString() : null;
            }
            case REFERENCE -> {
                if (found instanceof Reference r
                        && r.hasReference()
                        && !r.getReference().startsWith("#")) {
                    yield r.getReferenceElement().toUnqualifiedVersionless().getValue();
                }
                yield found instanceof IPrimitiveType<?> p ? p.getValueAsString() : null;
            }
            case DATE -> {
                if (found instanceof Period p) {
                    yield p.hasStart() ? p.getStartElement().getValueAsString() : null;
                }
                yield found instanceof org.hl7.fhir.r4.model.BaseDateTimeType d ? d.getValueAsString() : null;
            }
            case QUANTITY ->
                found instanceof Quantity q && q.hasValue() ? q.getValue().toPlainString() : null;
            case NUMBER, URI -> found instanceof IPrimitiveType<?> p ? p.getValueAsString() : null;
            default -> null;
        };
    }

    private String synthetic(String type, SearchParamType parameterType, RuntimeSearchParam known) {
        if (parameterType == null) {
            return "walk";
        }
        return switch (parameterType) {
            case DATE -> "2026-01-01";
            case NUMBER, QUANTITY -> "1";
            case URI -> "http://example.org/walk";
            case REFERENCE -> "walk-none";
            case SPECIAL -> "0|0|1|km";
            case COMPOSITE ->
                known == null
                        ? "walk$walk"
                        : known.getComponents().stream()
                                .map(component -> FHIR.getResourceDefinition(type).getSearchParams().stream()
                                        .filter(p -> component.getReference().equals(p.getUri()))
                                        .findFirst()
                                        .map(p -> synthetic(
                                                type,
                                                SearchParamType.fromCode(
                                                        p.getParamType().getCode()),
                                                p))
                                        .orElse("walk"))
                                .collect(Collectors.joining("$"));
            default -> "walk";
        };
    }

    // ---- operations ----------------------------------------------------------------------------------------------

    private void operation(
            String type, CapabilityStatementRestResourceOperationComponent declared, String created, String token)
            throws Exception {
        String name = "$" + declared.getName();
        String what = (type == null ? "" : type + " ") + name;
        switch (name) {
            case "$export" -> {
                String path = type == null
                        ? "/$export"
                        : type.equals("Group") ? "/Group/" + created + "/$export" : "/" + type + "/$export";
                Answer kickOff = call(
                        "operation",
                        "GET",
                        path + "?_type=Patient",
                        null,
                        null,
                        token(),
                        "Prefer",
                        "respond-async",
                        "Accept",
                        FHIR_JSON);
                expect(kickOff, 202, "kick-off " + path);
                kickOff.response()
                        .headers()
                        .firstValue("Content-Location")
                        .ifPresent(url -> operationDefinitions.put("status:" + what, url));
                return;
            }
            case "$export-poll-status" -> {
                String status = operationDefinitions.get("status:$export");
                if (status == null) {
                    failures.add(what + ": no export was started to poll");
                    return;
                }
                pollExport(status);
                return;
            }
            case "$everything" -> {
                // HL7's own definition (Patient-everything): no required parameter.
                expectBundle(
                        get("/" + type + "/" + OPERATION_INSTANCES.get(type) + "/$everything?_count=1", token),
                        "searchset",
                        what);
                return;
            }
            case "$populate" -> {
                // SDC's subject and launch contexts are References: the IG's REMS form for the IG's first esketamine
                // session, at instance and at type level (by canonical).
                Parameters in = new Parameters();
                in.addParameter().setName("subject").setValue(new Reference("Patient/patient-esk"));
                in.addParameter()
                        .setName("context")
                        .addPart(new Parameters.ParametersParameterComponent()
                                .setName("name")
                                .setValue(new StringType("session")))
                        .addPart(new Parameters.ParametersParameterComponent()
                                .setName("content")
                                .setValue(new Reference("MedicationAdministration/esk-session-1")));
                expect(
                        call(
                                "operation",
                                "POST",
                                "/" + type + "/spravato-rems-monitoring/$populate",
                                FHIR_JSON,
                                encode(in),
                                token),
                        200,
                        what);
                in.addParameter()
                        .setName("canonical")
                        .setValue(new org.hl7.fhir.r4.model.UriType(
                                "https://ketaminefhir.org/ig/Questionnaire/spravato-rems-monitoring"));
                expect(call("operation", "POST", "/" + type + "/$populate", FHIR_JSON, encode(in), token), 200, what);
                return;
            }
            case "$validate" -> {
                Parameters in = new Parameters();
                in.addParameter().setName("resource").setResource((Resource)
                        FHIR.newJsonParser().parseResource(minimal.json(type)));
                expect(call("operation", "POST", "/" + type + "/$validate", FHIR_JSON, encode(in), token), 200, what);
                return;
            }
            case "$expand" -> {
                expect(get("/" + type + "/$expand?url=" + encode(VALUE_SET), token), 200, what);
                return;
            }
            case "$lookup" -> {
                expect(get("/" + type + "/$lookup?system=" + encode(CODE_SYSTEM) + "&code=" + CODE, token), 200, what);
                return;
            }
            case "$validate-code" -> {
                String query = type.equals("ValueSet")
                        ? "url=" + encode(VALUE_SET) + "&system=" + encode(VALUE_SET_SYSTEM) + "&code=" + VALUE_SET_CODE
                        : "url=" + encode(CODE_SYSTEM) + "&code=" + CODE;
                expect(get("/" + type + "/$validate-code?" + query, token), 200, what);
                return;
            }
            case "$subsumes" -> {
                expect(
                        get(
                                "/" + type + "/$subsumes?system=" + encode(CODE_SYSTEM) + "&codeA=" + CODE + "&codeB="
                                        + CODE,
                                token),
                        200,
                        what);
                return;
            }
            case "$translate" -> {
                expect(
                        get("/" + type + "/$translate?system=" + encode(CODE_SYSTEM) + "&code=" + CODE, token),
                        200,
                        what);
                return;
            }
            default -> {
                // below
            }
        }
        OperationDefinition definition = definition(declared.getDefinition(), token);
        if (definition == null) {
            failures.add(what + ": its OperationDefinition " + declared.getDefinition() + " cannot be read");
            return;
        }
        String path;
        if (type == null) {
            path = "/" + name;
        } else if (definition.getInstance()) {
            String id = Optional.ofNullable(OPERATION_INSTANCES.get(type)).orElse(created);
            path = "/" + type + "/" + id + "/" + name;
        } else {
            path = "/" + type + "/" + name;
        }
        Parameters in = new Parameters();
        for (OperationDefinitionParameterComponent parameter : definition.getParameter()) {
            if (parameter.getUse() != OperationParameterUse.IN || parameter.getMin() < 1) {
                continue;
            }
            if (FHIR.getResourceTypes().contains(parameter.getType()) && definition.getInstance()) {
                continue; // the instance is the input at instance level ($extract)
            }
            String value = OPERATION_VALUES.getOrDefault(parameter.getName(), "walk");
            IBase typed = parameter.hasType() && FHIR.getElementDefinition(parameter.getType()) != null
                    ? FHIR.getElementDefinition(parameter.getType()).newInstance()
                    : new StringType();
            if (typed instanceof IPrimitiveType<?> primitive) {
                primitive.setValueAsString(value);
                in.addParameter().setName(parameter.getName()).setValue((Type) typed);
            } else {
                in.addParameter(parameter.getName(), new StringType(value));
            }
        }
        Answer answer = call("operation", "POST", path, FHIR_JSON, encode(in), token);
        if (answer.status() / 100 != 2) {
            failures.add(what + " (POST " + path + ") → " + answer.status() + ": " + snippet(answer.body()));
        }
    }

    private void pollExport(String status) throws Exception {
        Instant until = Instant.now().plusSeconds(90);
        while (true) {
            Answer answer = call(
                    "operation",
                    "GET",
                    status.substring(fhirBase().length()),
                    null,
                    null,
                    token(),
                    "Accept",
                    "application/json");
            if (answer.status() == 200) {
                return;
            }
            if (answer.status() != 202 || Instant.now().isAfter(until)) {
                failures.add("$export-poll-status → " + answer.status() + ": " + snippet(answer.body()));
                return;
            }
            Thread.sleep(1000);
        }
    }

    private OperationDefinition definition(String url, String token) throws Exception {
        if (url == null || !url.startsWith(fhirBase() + "/")) {
            return null;
        }
        Answer answer = call("definition", "GET", url.substring(fhirBase().length()), null, null, token);
        return answer.status() == 200
                ? FHIR.newJsonParser().parseResource(OperationDefinition.class, answer.body())
                : null;
    }

    // ---- the whole server ----------------------------------------------------------------------------------------

    private void walkSystem(CapabilityStatementRestComponent rest) throws Exception {
        Set<String> interactions =
                rest.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet());
        String token = token();
        if (interactions.contains("transaction")) {
            expectBundle(
                    call(
                            "transaction",
                            "POST",
                            "",
                            FHIR_JSON,
                            bundle(
                                    "transaction",
                                    "{\"resource\":" + minimal.json("Basic")
                                            + ",\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}"),
                            token),
                    "transaction-response",
                    "transaction");
        }
        if (interactions.contains("batch")) {
            expectBundle(
                    call(
                            "batch",
                            "POST",
                            "",
                            FHIR_JSON,
                            bundle("batch", "{\"request\":{\"method\":\"GET\",\"url\":\"Patient?_count=1\"}}"),
                            token),
                    "batch-response",
                    "batch");
        }
        if (interactions.contains("history-system")) {
            expectBundle(get("/_history?_count=1", token), "history", "history of the server");
        }
        if (interactions.contains("search-system")) {
            expectBundle(get("?_count=1&_type=Patient", token), "searchset", "search of the server");
        }
        for (CapabilityStatementRestResourceSearchParamComponent parameter : rest.getSearchParam()) {
            expectBundle(
                    get(
                            "?" + parameter.getName() + "=" + encode(synthetic("Resource", parameter.getType(), null))
                                    + "&_count=1",
                            token),
                    "searchset",
                    "?" + parameter.getName());
        }
        // The system export first: its status is what $export-poll-status polls.
        List<CapabilityStatementRestResourceOperationComponent> operations = new ArrayList<>(rest.getOperation());
        operations.sort((a, b) ->
                Boolean.compare(!a.getName().equals("export"), !b.getName().equals("export")));
        for (CapabilityStatementRestResourceOperationComponent operation : operations) {
            operation(null, operation, null, token);
        }
    }

    private static String bundle(String type, String entry) {
        return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[" + entry + "]}";
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------------

    private Answer get(String path, String token) throws Exception {
        return call("operation", "GET", path, null, null, token);
    }

    private Answer call(
            String kind, String method, String path, String contentType, String body, String token, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fhirBase() + (path.isEmpty() ? "" : path)))
                .timeout(Duration.ofMinutes(5))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        boolean accept = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            accept |= headers[i].equalsIgnoreCase("Accept");
        }
        if (!accept) {
            request.header("Accept", FHIR_JSON);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        calls.incrementAndGet();
        byKind.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        return new Answer(response.statusCode(), response.body(), response);
    }

    private boolean expect(Answer answer, int status, String what) {
        if (answer.status() != status) {
            failures.add(what + " → " + answer.status() + " (expected " + status + "): " + snippet(answer.body()));
            return false;
        }
        return true;
    }

    private void expectBundle(Answer answer, String bundleType, String what) {
        JsonNode json = answer.json();
        if (answer.status() != 200
                || !"Bundle".equals(json.path("resourceType").asText())
                || !bundleType.equals(json.path("type").asText())) {
            failures.add(what + " → " + answer.status() + " (expected 200 and a " + bundleType + " Bundle): "
                    + snippet(answer.body()));
        }
    }

    private static String snippet(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            if ("OperationOutcome".equals(json.path("resourceType").asText())) {
                List<String> issues = new ArrayList<>();
                json.path("issue")
                        .forEach(issue -> issues.add(issue.path("severity").asText() + " "
                                + issue.path("expression").path(0).asText("") + ": "
                                + issue.path("diagnostics").asText()));
                return String.join(" | ", issues);
            }
        } catch (Exception notJson) {
            // as it is
        }
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String encode(Parameters parameters) {
        return FHIR.newJsonParser().encodeResourceToString(parameters);
    }
}
