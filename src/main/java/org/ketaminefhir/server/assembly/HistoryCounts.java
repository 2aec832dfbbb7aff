package org.ketaminefhir.server.assembly;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;

/**
 * HAPI's in-memory caches, with one change: the total of a resource's own history ({@code [type]/[id]/_history}) is
 * counted every time, never taken from the cache.
 *
 * <p>HAPI applies one history count mode to every level of history ({@code PersistedJpaBundleProvider
 * .calculateHistoryCount()}): with {@code CACHED_ONLY_WITHOUT_OFFSET} it asks this cache for the count under a key for
 * the server, the type or the instance, and the cache keeps a count for a minute. A count of the whole server's or a
 * type's history is a scan of the history table, worth caching (and the reason HAPI warns against counting it exactly
 * where users are untrusted); a record's versions are counted through an index on the resource id and a clinician
 * auditing a record must see every version at once, so the instance count stays exact.
 *
 * <p>Only the server's and the types' keys are recognised as cacheable: any other key (an instance, or a key of a form
 * a later HAPI adds) is counted exactly, never wrongly.
 */
public class HistoryCounts extends MemoryCacheService {

    private final Set<HistoryCountKey> cached = new HashSet<>();

    public HistoryCounts(JpaStorageSettings settings, FhirContext fhirContext) {
        super(settings);
        cached.add(HistoryCountKey.forSystem());
        for (String type : fhirContext.getResourceTypes()) {
            cached.add(HistoryCountKey.forType(type));
        }
    }

    @Override
    protected <K, T> T doGet(CacheEnum cache, K key, Function<K, T> supplier) {
        if (cache == CacheEnum.HISTORY_COUNT && !isCachedCount(key)) {
            return supplier.apply(key);
        }
        return super.doGet(cache, key, supplier);
    }

    /** Whether a history count under this key may come from the cache: the server's and the types' histories. */
    boolean isCachedCount(Object key) {
        return cached.contains(key);
    }
}
