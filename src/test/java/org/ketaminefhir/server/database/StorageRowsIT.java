package org.ketaminefhir.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.bench.SyntheticClinic;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestDatabases;

/**
 * How many database rows one session bundle writes, per resource (issue 23): a regression guard on the storage settings
 * ({@code JpaStorageConfig}). Counts every table of the database before and after posting one synthetic session
 * bundle; the failure message has the per-table breakdown.
 */
class StorageRowsIT extends FhirServerTestBase {

    /** Rows written per resource of a session bundle, at most: 19.4 measured on 2026-12-07 (docs/performance.md, "Storage (round two)"); 25.0 before. */
    static final double MAX_ROWS_PER_RESOURCE = 20.0;

    @Test
    void aSessionBundleWritesFewRowsPerResource() throws Exception {
        SyntheticClinic clinic = new SyntheticClinic(FHIR, 23, "rows");
        SyntheticClinic.PatientRecords records = clinic.patient(0);
        client().transaction().withBundle(records.setup()).execute();
        // a first session warms up what is written once (code systems, search parameter hashes, ...)
        client().transaction().withBundle(records.sessions().get(0)).execute();
        client().transaction().withBundle(records.sessions().get(1)).execute();
        Bundle session = records.sessions().get(2);

        Map<String, long[]> before = settled();
        long lastResource = lastResourceId();
        client().transaction().withBundle(session).execute();
        Map<String, long[]> after = settled();

        int resources = session.getEntry().size();
        Map<String, Long> rows = new TreeMap<>();
        long total = 0;
        long bytes = 0;
        for (var table : after.entrySet()) {
            long[] was = before.getOrDefault(table.getKey(), new long[2]);
            long added = table.getValue()[0] - was[0];
            bytes += table.getValue()[1] - was[1];
            if (added != 0) {
                rows.put(table.getKey(), added);
                total += added;
            }
        }
        double perResource = (double) total / resources;
        StringBuilder breakdown = new StringBuilder();
        rows.forEach((table, added) -> breakdown.append(
                String.format("%n  %-28s %5d  (%.2f per resource)", table, added, (double) added / resources)));
        String report = String.format(
                "one session bundle of %d resources wrote %d rows, %.2f per resource, ~%d bytes per resource:%s",
                resources, total, perResource, bytes / resources, breakdown);
        System.out.println("StorageRowsIT: " + report + "\nby parameter:" + byParameter(lastResource));
        assertThat(perResource).as(report).isLessThanOrEqualTo(MAX_ROWS_PER_RESOURCE);
    }

    private static long lastResourceId() throws Exception {
        try (Connection connection = TestDatabases.shared().connect();
                Statement statement = connection.createStatement();
                ResultSet max = statement.executeQuery("select coalesce(max(res_id), 0) from hfj_resource")) {
            max.next();
            return max.getLong(1);
        }
    }

    /** The index rows of the resources after {@code lastResource}, by table, resource type and parameter. */
    private static String byParameter(long lastResource) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection connection = TestDatabases.shared().connect();
                Statement statement = connection.createStatement()) {
            for (String table : List.of(
                    "hfj_spidx_token", "hfj_spidx_quantity", "hfj_spidx_string", "hfj_spidx_date", "hfj_spidx_uri")) {
                try (ResultSet rows = statement.executeQuery("select i.res_type, i.sp_name, count(*) from " + table
                        + " x left join hfj_spidx_identity i on i.hash_identity = x.hash_identity where x.res_id > "
                        + lastResource + " group by 1, 2 order by 3 desc")) {
                    while (rows.next()) {
                        out.append(String.format(
                                "%n  %s %s.%s %d", table, rows.getString(1), rows.getString(2), rows.getLong(3)));
                    }
                }
            }
            try (ResultSet rows =
                    statement.executeQuery("select src_path, count(*) from hfj_res_link where src_resource_id > "
                            + lastResource + " group by 1 order by 2 desc")) {
                while (rows.next()) {
                    out.append(String.format("%n  hfj_res_link %s %d", rows.getString(1), rows.getLong(2)));
                }
            }
        }
        return out.toString();
    }

    /**
     * Token codings are not indexed as strings (JpaStorageSettings suppress-string-indexing-in-tokens), so a token
     * {@code :text} search cannot be answered: it is refused with an OperationOutcome, never answered empty.
     */
    @Test
    void aTokenTextSearchIsRefusedNotAnsweredEmpty() throws Exception {
        var response = send("GET", "/Observation?code:text=heart", token(), null);
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.body()).contains("OperationOutcome").contains(":text modifier is disabled");
    }

    /**
     * The tables once HAPI's asynchronous writes (the search parameter identities it records after a transaction) have
     * stopped changing them.
     */
    static Map<String, long[]> settled() throws Exception {
        Map<String, long[]> last = tables();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(500);
            Map<String, long[]> now = tables();
            if (rowCounts(now).equals(rowCounts(last))) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private static Map<String, Long> rowCounts(Map<String, long[]> tables) {
        Map<String, Long> rows = new TreeMap<>();
        tables.forEach((name, counts) -> rows.put(name, counts[0]));
        return rows;
    }

    /** Each table's row count and total size (with indexes and TOAST). */
    static Map<String, long[]> tables() throws Exception {
        Map<String, long[]> counts = new TreeMap<>();
        try (Connection connection = TestDatabases.shared().connect();
                Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet tables = statement.executeQuery(
                    "select table_name from information_schema.tables where table_schema = 'public'"
                            + " and table_type = 'BASE TABLE'")) {
                while (tables.next()) {
                    names.add(tables.getString(1));
                }
            }
            for (String name : names) {
                try (ResultSet count = statement.executeQuery("select count(*), pg_total_relation_size('public.\""
                        + name + "\"') from public.\"" + name + "\"")) {
                    count.next();
                    counts.put(name.toLowerCase(), new long[] {count.getLong(1), count.getLong(2)});
                }
            }
        }
        return counts;
    }
}
