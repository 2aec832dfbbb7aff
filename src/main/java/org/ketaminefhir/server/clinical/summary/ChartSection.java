package org.ketaminefhir.server.clinical.summary;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.ips.api.ISectionResourceSupplier;
import ca.uhn.fhir.jpa.ips.api.IpsContext;
import ca.uhn.fhir.jpa.ips.api.IpsSectionContext;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What one section of the summary holds, read from the store: the patient's resources of one type that a search finds
 * ({@code patientParameter} = the patient, and what each of {@code narrowings} adds), then chosen among ({@code choice}, e.g. the
 * latest score of each scale). The search runs with the caller's request, so the access rules narrow it as they narrow
 * any read of the caller (labelled data only with the sensitive-data scope, the granted types).
 */
final class ChartSection<T extends IBaseResource> implements ISectionResourceSupplier {

    private final DaoRegistry daos;
    private final Class<T> type;
    private final String patientParameter;
    private final List<Consumer<SearchParameterMap>> narrowings;
    private final Function<List<T>, List<T>> choice;

    ChartSection(
            DaoRegistry daos,
            Class<T> type,
            String patientParameter,
            List<Consumer<SearchParameterMap>> narrowings,
            Function<List<T>, List<T>> choice) {
        this.daos = daos;
        this.type = type;
        this.patientParameter = patientParameter;
        this.narrowings = narrowings;
        this.choice = choice;
    }

    @Override
    public <S extends IBaseResource> List<ResourceEntry> fetchResourcesForSection(
            IpsContext summary, IpsSectionContext<S> section, RequestDetails request) {
        if (!section.getResourceType().equals(type)) {
            return null;
        }
        List<ResourceEntry> entries = new ArrayList<>();
        for (T resource : choice.apply(search(summary, request))) {
            entries.add(new ResourceEntry(resource, InclusionTypeEnum.PRIMARY_RESOURCE));
        }
        return entries.isEmpty() ? null : entries;
    }

    /**
     * The patient's resources the searches find (one search per narrowing, each resource once), all of them; those the
     * access rules leave out (labelled ones without the sensitive-data scope) are not there.
     */
    List<T> search(IpsContext summary, RequestDetails request) {
        Map<String, T> found = new LinkedHashMap<>();
        for (Consumer<SearchParameterMap> narrowing : narrowings) {
            SearchParameterMap map = SearchParameterMap.newSynchronous();
            map.add(patientParameter, new ReferenceParam(summary.getSubjectId().toUnqualifiedVersionless()));
            narrowing.accept(map);
            IBundleProvider results = daos.getResourceDao(type).search(map, request);
            // HAPI may answer a synchronous search with a provider that does not know its size: read it to the end.
            List<IBaseResource> page =
                    results.size() != null ? results.getAllResources() : results.getResources(0, Integer.MAX_VALUE);
            page.stream()
                    .filter(Objects::nonNull)
                    .map(type::cast)
                    .peek(r -> r.setUserData(DocumentReferences.AS_READ, ((org.hl7.fhir.r4.model.Resource) r).copy()))
                    .forEach(r -> found.putIfAbsent(
                            r.getIdElement().toUnqualifiedVersionless().getValue(), r));
        }
        return List.copyOf(found.values());
    }
}
