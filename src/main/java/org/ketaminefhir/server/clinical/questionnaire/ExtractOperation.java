package org.ketaminefhir.server.clinical.questionnaire;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.ketaminefhir.server.fhir.OperationProvider;

/**
 * SDC {@code QuestionnaireResponse/$extract}: what a response yields by its Questionnaire's templates, as a transaction
 * Bundle, without storing anything. On a stored response ({@code /QuestionnaireResponse/{id}/$extract}) or on one given
 * as the {@code questionnaire-response} parameter ({@code POST /QuestionnaireResponse/$extract}). The response is
 * checked and completed as at its write (a total or risk it does not state is computed; a response the write would
 * refuse is refused the same way, 422), so the answer is what the server derives when it is stored.
 */
public class ExtractOperation implements OperationProvider {

    private static final String DESCRIPTION = "SDC template-based extraction: the Observations a QuestionnaireResponse"
            + " yields by its Questionnaire's templates (templateExtract, templateExtractValue, templateExtractContext), as"
            + " a transaction Bundle of creates, nothing stored. Input: questionnaire-response (QuestionnaireResponse,"
            + " 1..1 at type level; the instance at instance level). Output: return (Bundle, 1..1), the transaction"
            + " Bundle. A completed response is checked and its total or C-SSRS risk computed as at its write (422"
            + " QR-REQUIRED, QR-ANSWER, QR-SCORE).";

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final QuestionnaireResponses responses;

    public ExtractOperation(FhirContext fhirContext, DaoRegistry daos, QuestionnaireResponses responses) {
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.responses = responses;
    }

    @Description(
            shortDefinition = "The Observations a stored QuestionnaireResponse yields (SDC $extract).",
            value = DESCRIPTION)
    @Operation(
            name = "$extract",
            type = QuestionnaireResponse.class,
            idempotent = true,
            returnParameters = {@OperationParam(name = "return", type = Bundle.class, min = 1, max = 1)})
    public Bundle extractStored(@IdParam IdType id, RequestDetails request) {
        QuestionnaireResponse response = (QuestionnaireResponse)
                daos.getResourceDao(QuestionnaireResponse.class).read(id.toUnqualifiedVersionless(), request);
        return extract(response);
    }

    @Description(
            shortDefinition = "The Observations a given QuestionnaireResponse yields (SDC $extract).",
            value = DESCRIPTION)
    @Operation(
            name = "$extract",
            type = QuestionnaireResponse.class,
            idempotent = false,
            returnParameters = {@OperationParam(name = "return", type = Bundle.class, min = 1, max = 1)})
    public Bundle extractGiven(
            @OperationParam(name = "questionnaire-response", min = 1, max = 1, typeName = "QuestionnaireResponse")
                    QuestionnaireResponse response) {
        if (response == null) {
            throw new InvalidRequestException("$extract needs the parameter questionnaire-response");
        }
        return extract(response);
    }

    private Bundle extract(QuestionnaireResponse response) {
        QuestionnaireResponse copy = response.copy();
        QuestionnaireResponses.Answered answered = responses
                .of(copy)
                .orElseThrow(() ->
                        unprocessable("the Questionnaire " + response.getQuestionnaire() + " is not on this server"));
        if (QuestionnaireResponses.final_(copy)) {
            responses.checkAndFill(answered);
        }
        return responses.extractBundle(answered);
    }

    private UnprocessableEntityException unprocessable(String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.NOTFOUND)
                .setDiagnostics(message);
        return new UnprocessableEntityException(fhirContext, outcome);
    }
}
