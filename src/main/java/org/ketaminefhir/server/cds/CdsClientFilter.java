package org.ketaminefhir.server.cds;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Lets a call to a CDS service (and its feedback endpoint) through only with a trusted CDS client's JWT whose
 * {@code aud} is that service's URL; anything else is a 401 that says why. Discovery ({@code GET /cds-services}) is
 * public, as CDS Hooks has it. Every call, answered or refused, is audited ({@link CdsAudit}).
 */
public class CdsClientFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(CdsClientFilter.class);
    private static final Pattern SERVICE_CALL = Pattern.compile("^/cds-services/([^/]+)(/feedback)?/?$");
    private final CdsClientJwt jwts;
    private final CdsAudit audit;
    private final Function<HttpServletRequest, String> serverBase;

    /**
     * @param serverBase this server's public base URL (without {@code /fhir}), from which a service's URL is made
     */
    public CdsClientFilter(CdsClientJwt jwts, CdsAudit audit, Function<HttpServletRequest, String> serverBase) {
        this.jwts = jwts;
        this.audit = audit;
        this.serverBase = serverBase;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Matcher call = SERVICE_CALL.matcher(path);
        if (!"POST".equals(request.getMethod()) || !call.matches()) {
            // Discovery (public), CORS pre-flight, and what is no endpoint at all (Spring answers 404 or 405).
            chain.doFilter(request, response);
            return;
        }
        String base = serverBase.apply(request);
        String serviceUrl = base + "/cds-services/" + call.group(1);
        CdsClientJwt.Client client;
        try {
            client = jwts.verify(request.getHeader("Authorization"), serviceUrl);
        } catch (CdsClientJwt.Refused refused) {
            log.info("CDS Hooks call to {} refused: {}", serviceUrl, refused.getMessage());
            audit.record(new CdsAudit.Call(
                    Instant.now(), serviceUrl, 401, refused.getMessage(), null, null, request.getRemoteAddr(), base));
            refuse(response, refused.getMessage());
            return;
        }
        // The answer is held until its audit record is stored, as on the FHIR endpoint.
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        audit.record(new CdsAudit.Call(
                Instant.now(),
                serviceUrl,
                held.getStatus(),
                null,
                client,
                (String) request.getAttribute(CdsAudit.PATIENT_ATTRIBUTE),
                request.getRemoteAddr(),
                base));
        held.copyBodyToResponse();
    }

    private static void refuse(HttpServletResponse response, String why) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(
                "WWW-Authenticate",
                "Bearer error=\"invalid_token\", error_description=\"" + why.replace("\"", "'") + "\"");
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(CdsErrors.json(401, why));
    }
}
