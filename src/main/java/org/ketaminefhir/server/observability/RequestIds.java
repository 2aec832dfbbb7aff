package org.ketaminefhir.server.observability;

import ca.uhn.fhir.rest.server.ServletRequestTracing;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-ID} when it is a plausible one (a load balancer's or an EHR's
 * correlation id), otherwise a new UUID. The id is in the MDC for every log line written while the request is handled,
 * in the {@code X-Request-ID} response header, and (see {@link RequestIdInOutcomes}) in every OperationOutcome.
 */
public class RequestIds extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-ID";
    public static final String MDC_KEY = "requestId";

    private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    /** The id of the request this thread is handling, or null outside a request. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /** The caller's id when it is safe to log and echo (letters, digits, '.', '_' and '-', at most 128: what HAPI also accepts). */
    static String choose(String offered) {
        return offered != null && PLAUSIBLE.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = choose(request.getHeader(HEADER));
        response.setHeader(HEADER, id);
        // HAPI takes the request's id from this attribute (else it makes its own): one id in the logs, header and
        // outcomes
        request.setAttribute(ServletRequestTracing.ATTRIBUTE_REQUEST_ID, id);
        try (MDC.MDCCloseable ignored = MDC.putCloseable(MDC_KEY, id)) {
            chain.doFilter(request, response);
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }
}
