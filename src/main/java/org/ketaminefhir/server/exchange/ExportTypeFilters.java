package org.ketaminefhir.server.exchange;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.ketaminefhir.server.fhir.RequestPath;

/**
 * A Bulk Data export's {@code _typeFilter}s, checked at kick-off: HAPI reads them only when the export runs, so a filter
 * with an unknown type or search parameter was accepted (202) and the export then failed, answering its status with a
 * 500. Each must be {@code [type]?[search parameters]} that HAPI can search with; 400 otherwise.
 */
@Interceptor(order = RequestPath.EXPORT_TYPE_FILTERS)
public class ExportTypeFilters {

    private final FhirContext fhirContext;
    private final MatchUrlService matchUrls;

    public ExportTypeFilters(FhirContext fhirContext, MatchUrlService matchUrls) {
        this.fhirContext = fhirContext;
        this.matchUrls = matchUrls;
    }

    @Hook(Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT)
    public void check(BulkExportJobParameters export) {
        for (String filter : export.getFilters()) {
            String type = typeOf(filter);
            RuntimeResourceDefinition definition;
            try {
                definition = fhirContext.getResourceDefinition(type);
            } catch (DataFormatException unknown) {
                throw new InvalidRequestException(
                        "_typeFilter " + filter + " names " + type + ", which is not a resource type");
            }
            try {
                matchUrls.translateMatchUrl(filter, definition);
            } catch (InvalidRequestException | DataFormatException notASearch) {
                throw new InvalidRequestException(
                        "_typeFilter " + filter + " is not a search this server can run: " + notASearch.getMessage());
            }
        }
    }

    /** The resource type a filter is on: the part before its {@code ?}, which must be followed by parameters. */
    static String typeOf(String filter) {
        int question = filter.indexOf('?');
        if (question <= 0 || question == filter.length() - 1) {
            throw new InvalidRequestException("_typeFilter must be [type]?[search parameters], e.g. "
                    + "Observation?category=vital-signs; '" + filter + "' is not");
        }
        return filter.substring(0, question);
    }
}
