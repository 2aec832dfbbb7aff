package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.jobs.export.BulkDataExportProvider;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.BulkExportJobResults;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.JsonUtil;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAPI's Bulk Data export provider ({@code $export} at system, Patient and Group level, unchanged) with the status
 * request ({@code $export-poll-status}, the Content-Location of a kick-off) answered as Bulk Data Access 2.0 says:
 *
 * <ul>
 *   <li>in progress: 202 with {@code X-Progress} (under 100 characters) and {@code Retry-After};
 *   <li>complete: 200, {@code application/json}, an {@code Expires} header (when the retention purge may delete the
 *       files), and the manifest: {@code transactionTime} (a FHIR instant), {@code request}, {@code requiresAccessToken}
 *       true, {@code output} ({@code type}, {@code url}) and {@code error} (the error file of a lenient kick-off, see
 *       {@link ExportKickOff});
 *   <li>failed: 500 with an OperationOutcome; cancelled or deleted: 404 with an OperationOutcome; every
 *       OperationOutcome as {@code application/fhir+json};
 *   <li>{@code DELETE}: 202 with an OperationOutcome. A running export is cancelled; a finished one is deleted with its
 *       files (which then answer 410 Gone), since the client says it is done with them.
 * </ul>
 *
 * HAPI binds the operation to its own method (parameters, {@code DELETE} allowed) and calls it on this object, so the
 * override below answers. Who may ask is decided before (BulkExportGate: only the client that started the export).
 */
public class BulkDataExport extends BulkDataExportProvider {

    private static final Logger log = LoggerFactory.getLogger(BulkDataExport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IJobCoordinator jobs;
    private final DaoRegistry daos;
    private final FhirContext fhirContext;
    private final int retryAfterSeconds;
    private final int retentionHours;

    public BulkDataExport(
            IJobCoordinator jobs,
            DaoRegistry daos,
            FhirContext fhirContext,
            int retryAfterSeconds,
            int retentionHours) {
        this.jobs = jobs;
        this.daos = daos;
        this.fhirContext = fhirContext;
        this.retryAfterSeconds = retryAfterSeconds;
        this.retentionHours = retentionHours;
    }

    @Override
    public void exportPollStatus(IPrimitiveType<String> theJobId, ServletRequestDetails request) throws IOException {
        String jobId = jobId(theJobId, request);
        JobInstance job = jobs.getInstance(jobId); // ResourceNotFoundException: 404
        HttpServletResponse response = request.getServletResponse();
        request.getServer().addHeadersToResponse(response);
        if (job.isCancelled() || job.getStatus() == StatusEnum.CANCELLED) {
            throw new ResourceNotFoundException("The Bulk Data export " + jobId
                    + " was cancelled or deleted by its client: it has no status or files any more");
        }
        if (request.getRequestType() == RequestTypeEnum.DELETE) {
            delete(job);
            outcome(
                    response,
                    202,
                    OperationOutcome.IssueSeverity.INFORMATION,
                    OperationOutcome.IssueType.INFORMATIONAL,
                    job.isFinished()
                            ? "The Bulk Data export " + jobId + " and its files were deleted"
                            : "The Bulk Data export " + jobId + " was cancelled");
            return;
        }
        switch (job.getStatus()) {
            case COMPLETED -> manifest(job, request, response);
            case FAILED ->
                outcome(
                        response,
                        500,
                        OperationOutcome.IssueSeverity.ERROR,
                        OperationOutcome.IssueType.PROCESSING,
                        "The Bulk Data export failed: " + job.getErrorMessage());
            default -> {
                response.setStatus(202);
                response.setHeader(Constants.HEADER_X_PROGRESS, progress(job));
                response.setHeader(Constants.HEADER_RETRY_AFTER, Integer.toString(retryAfterSeconds));
            }
        }
    }

    /** The manifest of a completed export, with the time its files expire. */
    private void manifest(JobInstance job, ServletRequestDetails request, HttpServletResponse response)
            throws IOException {
        BulkExportJobResults results = JsonUtil.deserialize(job.getReport(), BulkExportJobResults.class);
        String base = request.getServerBaseForRequest().replaceAll("/+$", "");
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("transactionTime", instant(job.getStartTime()));
        manifest.put("request", results.getOriginalRequestUrl());
        manifest.put("requiresAccessToken", true);
        ArrayNode output = manifest.putArray("output");
        for (Map.Entry<String, List<String>> type :
                results.getResourceTypeToBinaryIds().entrySet()) {
            for (String file : type.getValue()) {
                output.addObject()
                        .put("type", type.getKey())
                        .put(
                                "url",
                                base + "/"
                                        + new IdType(file)
                                                .toUnqualifiedVersionless()
                                                .getValue());
            }
        }
        ArrayNode error = manifest.putArray("error");
        String errorFile = errorFile(job);
        if (errorFile != null) {
            error.addObject().put("type", "OperationOutcome").put("url", base + "/" + errorFile);
        }
        response.setStatus(200);
        response.setContentType(Constants.CT_JSON);
        response.setCharacterEncoding("UTF-8");
        if (job.getEndTime() != null) {
            response.setHeader(
                    "Expires",
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(job.getEndTime()
                            .toInstant()
                            .plusSeconds(retentionHours * 3600L)
                            .atZone(ZoneOffset.UTC)));
        }
        response.getWriter().write(JSON.writeValueAsString(manifest));
        response.getWriter().close();
    }

    /** Cancels a running export, or deletes a finished one's files; either way its status is 404 from now on. */
    private void delete(JobInstance job) {
        if (job.getStatus() == StatusEnum.COMPLETED && job.getReport() != null) {
            BulkExportJobResults results = JsonUtil.deserialize(job.getReport(), BulkExportJobResults.class);
            results.getResourceTypeToBinaryIds().values().forEach(files -> files.forEach(this::deleteFile));
        }
        String errorFile = errorFile(job);
        if (errorFile != null) {
            deleteFile(errorFile);
        }
        jobs.cancelInstance(job.getInstanceId());
    }

    private void deleteFile(String file) {
        try {
            daos.getResourceDao(Binary.class)
                    .delete(new IdType(file).toUnqualifiedVersionless(), new SystemRequestDetails());
        } catch (BaseServerResponseException gone) {
            log.info("Bulk Data export file {} not deleted: {}", file, gone.getMessage());
        }
    }

    private static String errorFile(JobInstance job) {
        Object file =
                job.getParameters(BulkExportJobParameters.class).getUserData().get(ExportKickOff.ERROR_FILE);
        return file instanceof String id && !id.isBlank() ? id : null;
    }

    /** What the export is doing, in fewer than 100 characters. */
    static String progress(JobInstance job) {
        String status = job.getStatus().name().toLowerCase().replace('_', ' ');
        Date since = job.getStartTime() != null ? job.getStartTime() : job.getCreateTime();
        return "Export " + status + ", " + Math.round(job.getProgress() * 100) + "% done"
                + (since == null ? "" : ", started " + instant(since));
    }

    /** A FHIR instant in UTC with milliseconds. */
    static String instant(Date date) {
        return new InstantType(date, ca.uhn.fhir.model.api.TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"))
                .getValueAsString();
    }

    private void outcome(
            HttpServletResponse response,
            int status,
            OperationOutcome.IssueSeverity severity,
            OperationOutcome.IssueType code,
            String text)
            throws IOException {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(severity).setCode(code).setDiagnostics(text);
        response.setStatus(status);
        response.setContentType(Constants.CT_FHIR_JSON_NEW);
        response.setCharacterEncoding("UTF-8");
        fhirContext.newJsonParser().encodeResourceToWriter(outcome, response.getWriter());
        response.getWriter().close();
    }

    private static String jobId(IPrimitiveType<String> given, ServletRequestDetails request) {
        if (given != null && given.getValueAsString() != null) {
            return given.getValueAsString();
        }
        if (request.getResource() instanceof Parameters parameters
                && parameters.getParameter(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID) != null) {
            return parameters
                    .getParameter(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID)
                    .getValue()
                    .primitiveValue();
        }
        throw new InvalidRequestException("The status of a Bulk Data export needs its _jobId");
    }
}
