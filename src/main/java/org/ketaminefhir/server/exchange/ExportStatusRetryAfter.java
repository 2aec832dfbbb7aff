package org.ketaminefhir.server.exchange;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The {@code Retry-After} of a Bulk Data export's status while it runs: HAPI always says 120 seconds, while an export
 * here usually finishes in seconds (its steps move every {@code hapi.fhir.batch-maintenance-interval}); a client that
 * obeys the header would wait two minutes for a few seconds' work. Mapped on {@code /fhir/$export-poll-status} only.
 */
public class ExportStatusRetryAfter extends OncePerRequestFilter {

    static final String HEADER = "Retry-After";

    private final String seconds;

    public ExportStatusRetryAfter(int seconds) {
        this.seconds = Integer.toString(seconds);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void addHeader(String name, String value) {
                super.addHeader(name, HEADER.equalsIgnoreCase(name) ? seconds : value);
            }

            @Override
            public void setHeader(String name, String value) {
                super.setHeader(name, HEADER.equalsIgnoreCase(name) ? seconds : value);
            }

            @Override
            public void addIntHeader(String name, int value) {
                if (HEADER.equalsIgnoreCase(name)) {
                    super.addHeader(name, seconds);
                } else {
                    super.addIntHeader(name, value);
                }
            }

            @Override
            public void setIntHeader(String name, int value) {
                if (HEADER.equalsIgnoreCase(name)) {
                    super.setHeader(name, seconds);
                } else {
                    super.setIntHeader(name, value);
                }
            }
        });
    }
}
