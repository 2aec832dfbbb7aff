package org.ketaminefhir.server.audit;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminefhir.server.fhir.FhirEndpoint;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.FhirAddress;
import org.ketaminefhir.server.security.FhirSecurityResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Audits every request to the FHIR endpoint, allowed or refused (401, 403 included): the answer is held back until
 * its AuditEvent is stored and committed, so an answered request always has its audit record, even if the server is
 * killed the moment after. If the record cannot be stored, the answer is not released: the client gets 503.
 * CORS pre-flight requests (no data, no token) are not audited.
 */
public class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);

    private final AuditLog auditLog;
    private final FhirAddress address;
    private final FhirContext fhirContext;

    public AuditFilter(AuditLog auditLog, FhirAddress address, FhirContext fhirContext) {
        this.auditLog = auditLog;
        this.address = address;
        this.fhirContext = fhirContext;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (CorsUtils.isPreFlightRequest(request)) {
            chain.doFilter(request, response);
            return;
        }
        AccessRecord record = AccessRecord.of(request);
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        Exception failure = null;
        try {
            chain.doFilter(request, held);
        } catch (IOException | ServletException | RuntimeException e) {
            failure = e;
        }
        int status = failure != null ? 500 : held.getStatus();
        try {
            AuditEvent event = BalpAuditEvents.of(access(request, status, record));
            auditLog.append(event, subjects(event));
        } catch (RuntimeException unaudited) {
            log.error(
                    "Audit record not stored; the answer to {} {} is withheld: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    unaudited.getMessage());
            withhold(response);
            return;
        }
        held.copyBodyToResponse();
        rethrow(failure);
    }

    private BalpAuditEvents.Access access(HttpServletRequest request, int status, AccessRecord record) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String afterFhir = path.startsWith(FhirEndpoint.PATH) ? path.substring(FhirEndpoint.PATH.length()) : path;
        Object refusal = request.getAttribute(FhirSecurityResponses.REFUSAL);
        return new BalpAuditEvents.Access(
                Instant.now(),
                request.getMethod(),
                path,
                request.getQueryString(),
                status,
                request.getRemoteAddr(),
                address.fhirBase(request),
                FhirEndpoint.SOFTWARE_NAME,
                Caller.of(request).orElse(null),
                refusal != null ? refusal.toString() : record.refusal(),
                request.getHeader("X-Request-Id"),
                record,
                RequestTarget.of(request.getMethod(), afterFhir, request.getParameterMap()));
    }

    /** The values the trail is searched by: patients, the user's FHIR resource, user and app ids, entities. */
    public static List<AuditLog.Subject> subjects(AuditEvent event) {
        Set<AuditLog.Subject> subjects = new LinkedHashSet<>();
        for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
            String reference = entity.getWhat().getReference();
            if (reference == null) {
                continue;
            }
            boolean patient = "1".equals(entity.getRole().getCode()) && reference.startsWith("Patient/");
            subjects.add(new AuditLog.Subject(patient ? "patient" : "entity", reference));
            if (!patient && reference.startsWith("Patient/")) {
                subjects.add(new AuditLog.Subject("patient", reference));
            }
        }
        for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
            if (agent.getWho().getReference() != null) {
                subjects.add(new AuditLog.Subject("agent", agent.getWho().getReference()));
            }
            if (agent.getWho().hasIdentifier() && agent.getWho().getIdentifier().getValue() != null) {
                subjects.add(new AuditLog.Subject(
                        "altid", agent.getWho().getIdentifier().getValue()));
            }
        }
        return new ArrayList<>(subjects);
    }

    private void withhold(HttpServletResponse response) throws IOException {
        response.reset();
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.FATAL)
                .setCode(OperationOutcome.IssueType.TRANSIENT)
                .setDiagnostics("The request could not be recorded in the audit trail, so its answer is withheld; "
                        + "try again later. If it was a write, it may have been stored.");
        byte[] body =
                fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
        response.setStatus(503);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void rethrow(Exception failure) throws IOException, ServletException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof ServletException servlet) {
            throw servlet;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }
}
