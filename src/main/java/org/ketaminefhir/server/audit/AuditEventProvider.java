package org.ketaminefhir.server.audit;

import ca.uhn.fhir.model.api.annotation.Description;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * {@code AuditEvent} on the FHIR endpoint: read and search the audit trail (by patient, agent, alternative user id,
 * entity, date, outcome, action and interaction), newest first. There is no create, update or delete: the trail is
 * written by the server alone. Who may read it is decided by the access rules (system/AuditEvent.rs, or
 * user/AuditEvent.rs for auditors); pages are by offset, so they hold on every server of a cluster.
 */
public class AuditEventProvider implements IResourceProvider {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;

    private final AuditLog auditLog;

    public AuditEventProvider(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        return auditLog.read(id.getIdPart()).orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search(allowUnknownParams = false)
    @Description(shortDefinition = "Searches the audit trail, newest first")
    public IBundleProvider search(
            @OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceOrListParam patient,
            @OptionalParam(name = AuditEvent.SP_AGENT) ReferenceOrListParam agent,
            @OptionalParam(name = AuditEvent.SP_ALTID) TokenOrListParam altid,
            @OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceOrListParam entity,
            @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
            @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenOrListParam outcome,
            @OptionalParam(name = AuditEvent.SP_ACTION) TokenOrListParam action,
            @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenOrListParam subtype,
            @Sort SortSpec sort,
            @Offset Integer offset,
            @Count Integer count) {
        List<String> conditions = new ArrayList<>();
        List<Object> arguments = new ArrayList<>();
        references(patient, "patient", "Patient", conditions, arguments);
        references(agent, "agent", null, conditions, arguments);
        tokens(altid, conditions, arguments);
        references(entity, "entity", null, conditions, arguments);
        column(outcome, "e.outcome", conditions, arguments);
        column(action, "e.action", conditions, arguments);
        column(subtype, "e.subtype", conditions, arguments);
        if (date != null) {
            // HAPI resolves prefixes and precision: le 2026-01-02 ends at 2026-01-02T23:59:59.999.
            if (date.getLowerBoundAsInstant() != null) {
                conditions.add("e.recorded >= ?");
                arguments.add(new Timestamp(date.getLowerBoundAsInstant().getTime()));
            }
            if (date.getUpperBoundAsInstant() != null) {
                conditions.add("e.recorded <= ?");
                arguments.add(new Timestamp(date.getUpperBoundAsInstant().getTime()));
            }
        }
        boolean newestFirst = true;
        if (sort != null) {
            if (!AuditEvent.SP_DATE.equals(sort.getParamName()) || sort.getChain() != null) {
                throw new InvalidRequestException("AuditEvent can be sorted by date only (_sort=date or _sort=-date)");
            }
            newestFirst = sort.getOrder() == SortOrderEnum.DESC;
        }
        AuditLog.Query query = new AuditLog.Query(conditions, arguments, newestFirst);
        int from = offset == null ? 0 : Math.max(0, offset);
        int size = count == null ? DEFAULT_PAGE : Math.max(0, Math.min(count, MAX_PAGE));
        int total = auditLog.count(query);
        List<IBaseResource> page = size == 0 ? List.of() : new ArrayList<>(auditLog.search(query, from, size));
        SimpleBundleProvider bundle = new SimpleBundleProvider(page);
        bundle.setCurrentPageOffset(from);
        bundle.setCurrentPageSize(size);
        bundle.setSize(total);
        return bundle;
    }

    private static void references(
            ReferenceOrListParam values,
            String kind,
            String defaultType,
            List<String> conditions,
            List<Object> arguments) {
        if (values == null || values.getValuesAsQueryTokens().isEmpty()) {
            return;
        }
        List<String> wanted = new ArrayList<>();
        for (ReferenceParam value : values.getValuesAsQueryTokens()) {
            String type = value.getResourceType() != null ? value.getResourceType() : defaultType;
            String id = value.getIdPart();
            if (id == null || id.isBlank()) {
                throw new InvalidRequestException("AuditEvent?" + kind + "= needs a reference such as Patient/123");
            }
            wanted.add(type == null ? value.getValue() : type + "/" + id);
        }
        conditions.add(AuditLog.about(kind, wanted.size()));
        arguments.addAll(wanted);
    }

    private static void tokens(TokenOrListParam values, List<String> conditions, List<Object> arguments) {
        if (values == null || values.getValuesAsQueryTokens().isEmpty()) {
            return;
        }
        List<String> wanted = values.getValuesAsQueryTokens().stream()
                .map(TokenParam::getValue)
                .toList();
        conditions.add(AuditLog.about("altid", wanted.size()));
        arguments.addAll(wanted);
    }

    private static void column(
            TokenOrListParam values, String column, List<String> conditions, List<Object> arguments) {
        if (values == null || values.getValuesAsQueryTokens().isEmpty()) {
            return;
        }
        List<String> wanted = values.getValuesAsQueryTokens().stream()
                .map(TokenParam::getValue)
                .toList();
        conditions.add(column + " IN (" + String.join(", ", java.util.Collections.nCopies(wanted.size(), "?")) + ")");
        arguments.addAll(wanted);
    }
}
