package org.ketaminefhir.server.fhir;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.api.EncodingEnum;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every {@code hapi.fhir.*} setting the server reads, in one typed place. Each can be overridden by an environment
 * variable in Spring's relaxed form, e.g. {@code hapi.fhir.default-page-size} by {@code HAPI_FHIR_DEFAULT_PAGE_SIZE}.
 * docs/configuration.md lists them.
 */
@ConfigurationProperties(prefix = "hapi.fhir")
public class FhirServerProperties {

    /** Public base URL of the FHIR endpoint (e.g. https://fhir.clinic.example/fhir). Blank: taken from each request. */
    private String serverAddress = "";

    /** Search page size when the client gives no _count. */
    private int defaultPageSize = 20;

    /** Largest _count a client may ask for. */
    private int maxPageSize = 200;

    /** Response encoding when the client does not ask for one (json or xml). */
    private EncodingEnum defaultEncoding = EncodingEnum.JSON;

    /**
     * Indent responses when the client does not ask (_pretty): off, as API clients parse rather than read them and
     * indenting costs time on every response; a browser gets HAPI's highlighted HTML view either way.
     */
    private boolean defaultPrettyPrint = false;

    /** Accept references to resources on other servers (absolute URLs). */
    private boolean allowExternalReferences = false;

    /** Allow a conditional delete to remove more than one resource. */
    private boolean allowMultipleDelete = false;

    /**
     * Reuse the results of an identical search made within this many milliseconds (0, the default, disables): a reused
     * result does not see what was written since, on this node or another.
     */
    private long reuseCachedSearchResultsMillis = 0;

    /** Which client-assigned ids are accepted on update-as-create: ALPHANUMERIC (no purely numeric ids), ANY, NOT_ALLOWED. */
    private JpaStorageSettings.ClientIdStrategyEnum clientIdStrategy =
            JpaStorageSettings.ClientIdStrategyEnum.ALPHANUMERIC;

    private final Cors cors = new Cors();

    private final BulkExport bulkExport = new BulkExport();

    public String getServerAddress() {
        return serverAddress;
    }

    public void setServerAddress(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    public int getDefaultPageSize() {
        return defaultPageSize;
    }

    public void setDefaultPageSize(int defaultPageSize) {
        this.defaultPageSize = defaultPageSize;
    }

    public int getMaxPageSize() {
        return maxPageSize;
    }

    public void setMaxPageSize(int maxPageSize) {
        this.maxPageSize = maxPageSize;
    }

    public EncodingEnum getDefaultEncoding() {
        return defaultEncoding;
    }

    public void setDefaultEncoding(EncodingEnum defaultEncoding) {
        this.defaultEncoding = defaultEncoding;
    }

    public boolean isDefaultPrettyPrint() {
        return defaultPrettyPrint;
    }

    public void setDefaultPrettyPrint(boolean defaultPrettyPrint) {
        this.defaultPrettyPrint = defaultPrettyPrint;
    }

    public boolean isAllowExternalReferences() {
        return allowExternalReferences;
    }

    public void setAllowExternalReferences(boolean allowExternalReferences) {
        this.allowExternalReferences = allowExternalReferences;
    }

    public boolean isAllowMultipleDelete() {
        return allowMultipleDelete;
    }

    public void setAllowMultipleDelete(boolean allowMultipleDelete) {
        this.allowMultipleDelete = allowMultipleDelete;
    }

    public long getReuseCachedSearchResultsMillis() {
        return reuseCachedSearchResultsMillis;
    }

    public void setReuseCachedSearchResultsMillis(long reuseCachedSearchResultsMillis) {
        this.reuseCachedSearchResultsMillis = reuseCachedSearchResultsMillis;
    }

    public JpaStorageSettings.ClientIdStrategyEnum getClientIdStrategy() {
        return clientIdStrategy;
    }

    public void setClientIdStrategy(JpaStorageSettings.ClientIdStrategyEnum clientIdStrategy) {
        this.clientIdStrategy = clientIdStrategy;
    }

    public Cors getCors() {
        return cors;
    }

    public BulkExport getBulkExport() {
        return bulkExport;
    }

    /** FHIR Bulk Data export ({@code $export}) with HAPI's batch jobs; its files are Binary resources in the database. */
    public static class BulkExport {
        /** Serve {@code $export} (system, Patient and Group level) and {@code $export-poll-status}. */
        private boolean enabled = true;

        /** Hours an export's files (and its status) are kept after it ends; then they are deleted. */
        private int fileRetentionHours = 2;

        /** Seconds a client is told to wait (Retry-After) before polling a running export's status again. */
        private int retryAfterSeconds = 5;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getFileRetentionHours() {
            return fileRetentionHours;
        }

        public void setFileRetentionHours(int fileRetentionHours) {
            this.fileRetentionHours = fileRetentionHours;
        }

        public int getRetryAfterSeconds() {
            return retryAfterSeconds;
        }

        public void setRetryAfterSeconds(int retryAfterSeconds) {
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** Cross-origin access for browser-based (SMART) apps. */
    public static class Cors {
        /** Answer CORS pre-flight requests and add CORS headers. */
        private boolean enabled = false;

        /** Origins allowed to call the server from a browser (patterns such as https://*.clinic.example). */
        private List<String> allowedOrigins = new ArrayList<>(List.of("*"));

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getAllowedOrigins() {
            return allowedOrigins;
        }

        public void setAllowedOrigins(List<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
        }
    }
}
