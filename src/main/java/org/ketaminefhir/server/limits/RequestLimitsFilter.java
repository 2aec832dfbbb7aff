package org.ketaminefhir.server.limits;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.ketaminefhir.server.observability.RequestIdInOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds every request to the FHIR endpoint to the {@link RequestLimits} before HAPI sees it: the body is read once (at
 * most the size limit), checked by {@link RequestBody}, and handed on from memory. A refusal is a 4xx with an
 * OperationOutcome. A body over the size limit is drained, up to ten times the limit, before the 413 is sent, so that a
 * client still sending gets the answer rather than a reset connection. It also starts the request's clock
 * ({@link RequestDeadline}), which bounds the request's database transactions.
 */
public class RequestLimitsFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLimitsFilter.class);
    private static final int DRAIN_FACTOR = 10;

    private final RequestLimits limits;
    private final RequestBody bodies;
    private final FhirContext fhirContext;

    public RequestLimitsFilter(RequestLimits limits, FhirContext fhirContext) {
        this.limits = limits;
        this.bodies = new RequestBody(limits);
        this.fhirContext = fhirContext;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RequestDeadline.start(limits.requestTimeLimit());
        try {
            limit(request, response, chain);
        } finally {
            RequestDeadline.clear();
        }
    }

    private void limit(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // (a POSTed search's parameters are read from its form body here, as HAPI reads them; Tomcat bounds form
        // bodies)
        Optional<String> includes = tooManyIncludes(request.getParameterMap());
        if (includes.isPresent()) {
            refuse(request, response, 400, includes.get());
            return;
        }
        if (isForm(request) || !hasBody(request)) {
            chain.doFilter(request, response);
            return;
        }
        long maxBytes = limits.maxBodySize().toBytes();
        if (request.getContentLengthLong() > maxBytes) {
            drain(request.getInputStream(), maxBytes * DRAIN_FACTOR, response);
            refuse(request, response, 413, tooLarge(request.getContentLengthLong()));
            return;
        }
        byte[] body = readAtMost(request.getInputStream(), maxBytes + 1);
        if (body.length > maxBytes) {
            drain(request.getInputStream(), maxBytes * DRAIN_FACTOR, response);
            refuse(request, response, 413, tooLarge(-1));
            return;
        }
        Optional<RequestBody.Refusal> refusal = bodies.check(body, request.getContentType());
        if (refusal.isPresent()) {
            refuse(request, response, refusal.get().status(), refusal.get().message());
            return;
        }
        chain.doFilter(new BodyFromMemory(request, body), response);
    }

    private Optional<String> tooManyIncludes(Map<String, String[]> parameters) {
        int includes = 0;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (parameter.getKey().startsWith("_include") || parameter.getKey().startsWith("_revinclude")) {
                includes += parameter.getValue().length;
            }
        }
        return includes > limits.maxIncludeParameters()
                ? Optional.of(
                        "The search has " + includes + " _include / _revinclude parameters; this server takes at most "
                                + limits.maxIncludeParameters())
                : Optional.empty();
    }

    private String tooLarge(long contentLength) {
        return "The request body" + (contentLength > 0 ? " of " + contentLength + " bytes" : "") + " is larger than "
                + limits.maxBodySize().toBytes() + " bytes, the most this server takes in one request";
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        log.info("Refused {} {}: {} {}", request.getMethod(), request.getRequestURI(), status, message);
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(status == 413 ? OperationOutcome.IssueType.TOOLONG : OperationOutcome.IssueType.STRUCTURE)
                .setDiagnostics(message);
        RequestIdInOutcomes.stamp(outcome);
        byte[] body =
                fhirContext.newJsonParser().encodeResourceToString(outcome).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static boolean isForm(HttpServletRequest request) {
        return request.getContentType() != null
                && request.getContentType().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static byte[] readAtMost(InputStream in, long max) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while (out.size() < max && (n = in.read(buffer, 0, (int) Math.min(buffer.length, max - out.size()))) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads and drops what the client still sends, up to a bound; beyond it the connection is closed after the answer. */
    private static void drain(InputStream in, long bound, HttpServletResponse response) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long drained = 0;
        int n;
        while (drained < bound && (n = in.read(buffer)) > 0) {
            drained += n;
        }
        if (drained >= bound) {
            response.setHeader("Connection", "close");
        }
    }

    /** The request with its body read into memory. */
    private static final class BodyFromMemory extends HttpServletRequestWrapper {

        private final byte[] body;

        BodyFromMemory(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
