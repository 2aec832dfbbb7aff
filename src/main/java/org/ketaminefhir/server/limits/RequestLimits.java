package org.ketaminefhir.server.limits;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one request to the FHIR endpoint may ask of the server ({@code ketamine.limits}); the defaults and why are in
 * application.yaml, and docs/configuration.md lists them.
 *
 * @param maxBodySize largest request body; a larger one is answered 413
 * @param maxBundleEntries most entries in a transaction or batch bundle; more is answered 413
 * @param maxStringLength longest JSON string or XML attribute value, in characters
 * @param maxNestingDepth deepest nesting of JSON objects and arrays, or of XML elements
 * @param maxIncludeParameters most {@code _include} and {@code _revinclude} parameters in one search
 * @param maxIncludedPerPage most resources that {@code _include} / {@code _revinclude} (with {@code :iterate}) add to a page
 * @param requestTimeLimit longest a request's database transaction may run before it is rolled back
 */
@Validated
@ConfigurationProperties("ketamine.limits")
public record RequestLimits(
        @NotNull DataSize maxBodySize,
        @NotNull @Min(1) Integer maxBundleEntries,
        @NotNull @Min(1024) Integer maxStringLength,
        @NotNull @Min(16) @Max(10_000) Integer maxNestingDepth,
        @NotNull @Min(0) Integer maxIncludeParameters,
        @NotNull @Min(1) Integer maxIncludedPerPage,
        @NotNull Duration requestTimeLimit) {

    /** The defaults of application.yaml, for tests of the pure checks. */
    public static RequestLimits defaults() {
        return new RequestLimits(DataSize.ofMegabytes(10), 1000, 1_000_000, 100, 10, 1000, Duration.ofSeconds(120));
    }
}
