package org.ketaminefhir.server.clinical.rems;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;
import org.ketaminefhir.server.fhir.OperationProvider;
import org.ketaminefhir.server.fhir.RuleViolation;
import org.ketaminefhir.server.ig.KetamineProducts;

/**
 * SDC {@code Questionnaire/$populate}: a QuestionnaireResponse pre-filled from the records, not stored. For the SPRAVATO
 * REMS Patient Monitoring Form ({@code spravato-rems-monitoring}) the session (launch context {@code session}) is read
 * by {@link RemsChart}, the same reading as {@code $rems-summary}, and each field it gives becomes the answer of its item
 * ({@link FormAnswers}); {@code issues} names each item left for the clinician. Any other Questionnaire: a response with
 * its subject only.
 */
public class PopulateOperation implements OperationProvider {

    static final String IG_QUESTIONNAIRES = "https://ketaminefhir.org/ig/Questionnaire/";
    public static final String REMS_FORM = IG_QUESTIONNAIRES + "spravato-rems-monitoring";
    public static final String RESPONSE_PROFILE =
            "https://ketaminefhir.org/ig/StructureDefinition/ketamine-questionnaire-response";
    public static final String SESSION_OF_ANOTHER_PATIENT = "POPULATE-SESSION-SUBJECT";

    private static final String DESCRIPTION = "SDC $populate: a QuestionnaireResponse pre-filled from the records, not"
            + " stored. Inputs: subject (Reference to the Patient, 1..1); context (0..*, parts name: 'patient' or"
            + " 'session', and content: a Reference, or the resource with its id), the Questionnaire's SDC launch"
            + " contexts; at type level canonical (uri, the Questionnaire's url, optionally |version). For the SPRAVATO"
            + " REMS Patient Monitoring Form (spravato-rems-monitoring) the context 'session' (an esketamine"
            + " MedicationAdministration of the subject) is required (400 without it; 422 REMS-ESKETAMINE-ONLY for"
            + " another session, 422 POPULATE-SESSION-SUBJECT for a session of another patient) and the response"
            + " holds every field $rems-summary gives, as the answer of its item. Outputs: response"
            + " (QuestionnaireResponse, 1..1: status in-progress, questionnaire canonical|version, subject, authored,"
            + " the ketamine-questionnaire-response profile); issues (OperationOutcome, 0..1: one information issue"
            + " per item left for the clinician). Any other Questionnaire: a response with its subject only.";

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final RemsChart chart;
    private final KetamineProducts products;
    private final Clock clock;

    public PopulateOperation(
            FhirContext fhirContext, DaoRegistry daos, RemsChart chart, KetamineProducts products, Clock clock) {
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.chart = chart;
        this.products = products;
        this.clock = clock;
    }

    @Description(
            shortDefinition = "A QuestionnaireResponse pre-filled from the records (SDC $populate).",
            value = DESCRIPTION)
    @Operation(
            name = "$populate",
            type = Questionnaire.class,
            idempotent = false,
            returnParameters = {
                @OperationParam(name = "response", type = QuestionnaireResponse.class, min = 1, max = 1),
                @OperationParam(name = "issues", type = OperationOutcome.class, min = 0, max = 1)
            })
    public Parameters populateInstance(
            @IdParam IdType id,
            @OperationParam(name = "subject", min = 1, max = 1) Reference subject,
            @OperationParam(name = "context", min = 0, max = OperationParam.MAX_UNLIMITED)
                    List<ParametersParameterComponent> context,
            RequestDetails request) {
        Questionnaire questionnaire;
        try {
            questionnaire = (Questionnaire)
                    daos.getResourceDao(Questionnaire.class).read(id.toUnqualifiedVersionless(), request);
        } catch (ResourceNotFoundException notStoredUnderThisId) {
            // The IG's Questionnaires are stored by the package installer under server-assigned ids: the IG's own id
            // (spravato-rems-monitoring, phq-9, ...) names them too.
            questionnaire =
                    byCanonical(IG_QUESTIONNAIRES + id.getIdPart(), request).orElseThrow(() -> notStoredUnderThisId);
        }
        return populate(questionnaire, subject, context, request);
    }

    @Description(
            shortDefinition = "A QuestionnaireResponse pre-filled from the records (SDC $populate).",
            value = DESCRIPTION)
    @Operation(
            name = "$populate",
            type = Questionnaire.class,
            idempotent = false,
            returnParameters = {
                @OperationParam(name = "response", type = QuestionnaireResponse.class, min = 1, max = 1),
                @OperationParam(name = "issues", type = OperationOutcome.class, min = 0, max = 1)
            })
    public Parameters populateByCanonical(
            @OperationParam(name = "canonical", min = 0, max = 1) UriType canonical,
            @OperationParam(name = "subject", min = 1, max = 1) Reference subject,
            @OperationParam(name = "context", min = 0, max = OperationParam.MAX_UNLIMITED)
                    List<ParametersParameterComponent> context,
            RequestDetails request) {
        if (canonical == null || !canonical.hasValue()) {
            throw invalid("$populate at type level needs the parameter canonical (the Questionnaire's url)");
        }
        String value = canonical.getValue();
        Questionnaire questionnaire = byCanonical(value, request).orElseThrow(() -> {
            String message = "no Questionnaire " + value + " on this server";
            return new ResourceNotFoundException(message, outcome(OperationOutcome.IssueType.NOTFOUND, message));
        });
        return populate(questionnaire, subject, context, request);
    }

    /** The stored Questionnaire of this canonical (url, optionally |version; the latest stored), read as the caller. */
    private java.util.Optional<Questionnaire> byCanonical(String canonical, RequestDetails request) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        String version = canonical.contains("|") ? canonical.substring(canonical.indexOf('|') + 1) : null;
        List<Questionnaire> found = new ArrayList<>();
        for (Object resource : daos.getResourceDao(Questionnaire.class)
                .searchForResources(
                        SearchParameterMap.newSynchronous().add(Questionnaire.SP_URL, new UriParam(url)),
                        new SystemRequestDetails())) {
            Questionnaire questionnaire = (Questionnaire) resource;
            if (version == null || version.equals(questionnaire.getVersion())) {
                found.add(questionnaire);
            }
        }
        if (found.isEmpty()) {
            return java.util.Optional.empty();
        }
        found.sort((a, b) -> b.getMeta().getLastUpdated().compareTo(a.getMeta().getLastUpdated()));
        // Read again as the caller: the read is audited and checked like any other.
        return java.util.Optional.of((Questionnaire) daos.getResourceDao(Questionnaire.class)
                .read(found.get(0).getIdElement().toUnqualifiedVersionless(), request));
    }

    private Parameters populate(
            Questionnaire questionnaire,
            Reference subject,
            List<ParametersParameterComponent> context,
            RequestDetails request) {
        Patient patient = patient(subject, request);
        String patientRef = "Patient/" + patient.getIdElement().getIdPart();
        Map<String, Reference> contexts = contexts(context == null ? List.of() : context);
        Reference patientContext = contexts.get("patient");
        if (patientContext != null && !patientRef.equals(unqualified(patientContext))) {
            throw invalid("the context patient (" + patientContext.getReference() + ") is not the subject ("
                    + patientRef + ")");
        }

        QuestionnaireResponse response = new QuestionnaireResponse();
        response.getMeta().addProfile(RESPONSE_PROFILE);
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS);
        response.setQuestionnaire(
                questionnaire.getUrl() + (questionnaire.hasVersion() ? "|" + questionnaire.getVersion() : ""));
        response.setSubject(new Reference(patientRef));
        response.setAuthored(Date.from(clock.instant()));

        Parameters out = new Parameters();
        if (REMS_FORM.equals(questionnaire.getUrl())) {
            Reference sessionContext = contexts.get("session");
            if (sessionContext == null) {
                throw invalid("the REMS Patient Monitoring Form needs the context 'session' (the esketamine"
                        + " MedicationAdministration the form is about)");
            }
            MedicationAdministration session = session(sessionContext, request);
            RemsSummaryOperation.requireEsketamine(fhirContext, products, session);
            String sessionRef =
                    "MedicationAdministration/" + session.getIdElement().getIdPart();
            if (!patientRef.equals(unqualified(session.getSubject()))) {
                throw RuleViolation.reject(
                        fhirContext,
                        SESSION_OF_ANOTHER_PATIENT,
                        "the session " + sessionRef + " is of "
                                + session.getSubject().getReference() + ", not of the subject " + patientRef,
                        "Parameters.parameter.where(name = 'context')");
            }
            Map<String, Type> values = new LinkedHashMap<>(chart.form(session).fields());
            values.put("session", new Reference(sessionRef));
            FormAnswers.Filled filled = FormAnswers.fill(questionnaire, values);
            response.getItem().addAll(filled.items());
            out.addParameter().setName("response").setResource(response);
            if (!filled.left().isEmpty()) {
                out.addParameter().setName("issues").setResource(issues(filled.left()));
            }
        } else {
            out.addParameter().setName("response").setResource(response);
        }
        return out;
    }

    private OperationOutcome issues(List<FormAnswers.Left> left) {
        OperationOutcome outcome = new OperationOutcome();
        for (FormAnswers.Left item : left) {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INCOMPLETE)
                    .setDiagnostics(item.linkId() + ": not in the records, left for the clinician"
                            + (item.required() ? " (required)" : "") + (item.text() == null ? "" : ": " + item.text()))
                    .addExpression("QuestionnaireResponse.descendants().where(linkId = '" + item.linkId() + "')");
        }
        return outcome;
    }

    private Patient patient(Reference subject, RequestDetails request) {
        if (subject == null || !subject.hasReference()) {
            throw invalid("$populate needs the parameter subject (a Reference to the Patient)");
        }
        IdType id = new IdType(subject.getReference());
        if (!"Patient".equals(id.getResourceType()) || !id.hasIdPart()) {
            throw invalid("the subject must reference a Patient (Patient/[id]), not " + subject.getReference());
        }
        try {
            return (Patient) daos.getResourceDao(Patient.class).read(id.toUnqualifiedVersionless(), request);
        } catch (ResourceNotFoundException | ResourceGoneException gone) {
            throw unprocessable("the subject " + subject.getReference() + " is not on this server");
        }
    }

    private MedicationAdministration session(Reference reference, RequestDetails request) {
        IdType id = new IdType(reference.getReference());
        if (!"MedicationAdministration".equals(id.getResourceType()) || !id.hasIdPart()) {
            throw invalid(
                    "the context 'session' must be a MedicationAdministration (MedicationAdministration/[id]), not "
                            + reference.getReference());
        }
        try {
            return (MedicationAdministration)
                    daos.getResourceDao(MedicationAdministration.class).read(id.toUnqualifiedVersionless(), request);
        } catch (ResourceNotFoundException | ResourceGoneException gone) {
            throw unprocessable("the session " + reference.getReference() + " is not on this server");
        }
    }

    /**
     * The launch contexts by name: each {@code context} with parts {@code name} and {@code content} (a Reference, or a
     * resource with its id, taken as a reference to the stored one).
     */
    private Map<String, Reference> contexts(List<ParametersParameterComponent> contexts) {
        Map<String, Reference> byName = new LinkedHashMap<>();
        for (ParametersParameterComponent context : contexts) {
            String name = null;
            Reference content = null;
            for (ParametersParameterComponent part : context.getPart()) {
                if ("name".equals(part.getName())
                        && part.getValue() != null
                        && part.getValue().isPrimitive()) {
                    name = part.getValue().primitiveValue();
                } else if ("content".equals(part.getName())) {
                    if (part.getValue() instanceof Reference reference && reference.hasReference()) {
                        content = reference;
                    } else if (part.getResource() != null
                            && part.getResource().getIdElement().hasIdPart()) {
                        Resource resource = part.getResource();
                        content = new Reference(resource.fhirType() + "/"
                                + resource.getIdElement().getIdPart());
                    } else {
                        throw invalid("the content of a context must be a Reference or a resource with its id");
                    }
                }
            }
            if (name == null || content == null) {
                throw invalid("each context needs the parts name and content");
            }
            if (byName.put(name, content) != null) {
                throw invalid("the context '" + name + "' is given more than once");
            }
        }
        return byName;
    }

    private static String unqualified(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        IdType id = new IdType(reference.getReference());
        return id.getResourceType() + "/" + id.getIdPart();
    }

    private OperationOutcome outcome(OperationOutcome.IssueType code, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(code)
                .setDiagnostics(message);
        return outcome;
    }

    private InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message, outcome(OperationOutcome.IssueType.INVALID, message));
    }

    private UnprocessableEntityException unprocessable(String message) {
        return new UnprocessableEntityException(fhirContext, outcome(OperationOutcome.IssueType.NOTFOUND, message));
    }
}
