package org.ketaminefhir.server.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.util.MemoryCacheService.CacheEnum;
import ca.uhn.fhir.jpa.util.MemoryCacheService.HistoryCountKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A resource's own history is counted every time; the server's and a type's history counts are cached. */
class HistoryCountsTest {

    private final HistoryCounts counts = new HistoryCounts(new JpaStorageSettings(), FhirContext.forR4Cached());

    @Test
    void anInstanceHistoryIsCountedEveryTime() {
        AtomicInteger counted = new AtomicInteger();
        HistoryCountKey key = HistoryCountKey.forInstance(JpaPid.fromId(42L));

        counts.get(CacheEnum.HISTORY_COUNT, key, k -> counted.incrementAndGet());
        int second = counts.get(CacheEnum.HISTORY_COUNT, key, k -> counted.incrementAndGet());

        assertThat(second).isEqualTo(2);
        assertThat(counted).hasValue(2);
    }

    @Test
    void theServersAndATypesHistoryCountsComeFromTheCache() {
        for (HistoryCountKey key :
                new HistoryCountKey[] {HistoryCountKey.forSystem(), HistoryCountKey.forType("Observation")}) {
            AtomicInteger counted = new AtomicInteger();
            counts.get(CacheEnum.HISTORY_COUNT, key, k -> counted.incrementAndGet());
            int second = counts.get(CacheEnum.HISTORY_COUNT, key, k -> counted.incrementAndGet());
            assertThat(second).as("%s", key).isEqualTo(1);
        }
    }
}
