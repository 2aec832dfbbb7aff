package org.ketaminefhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.model.entity.StorageSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.ketaminefhir.server.security.labels.LabelsCarriedForward;
import org.ketaminefhir.server.support.ClinicFixtures;
import org.ketaminefhir.server.support.FhirServerTestBase;
import org.ketaminefhir.server.support.TestClinic;
import org.ketaminefhir.server.support.TestDatabases;
import org.ketaminefhir.server.support.Tokens;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A database written under the former tag storage (a copy of the tags with each version): a record whose labels were
 * replaced by a later version gets its earlier versions' labels back before the server answers, so those versions stay
 * out of reach without the sensitive-data scope.
 */
class LabelsCarriedForwardIT extends FhirServerTestBase {

    @Autowired
    private JpaStorageSettings settings;

    @Autowired
    private LabelsCarriedForward carriedForward;

    @Test
    void labelsOfEarlierVersionsArePutBackOnTheRecord() throws Exception {
        String score;
        settings.setTagStorageMode(StorageSettings.TagStorageModeEnum.VERSIONED);
        try {
            ClinicFixtures clinic = new ClinicFixtures(client());
            score = clinic.score(clinic.patient(), "iv-phq9-week0", "2026-10-01T10:00:00Z", 18);
        } finally {
            settings.setTagStorageMode(StorageSettings.TagStorageModeEnum.NON_VERSIONED);
        }
        // As if a later update had replaced the record's labels (HAPI's X-Meta-Snapshot-Mode) under the old storage:
        // the version's copy keeps them, the record's own set has none.
        try (Connection connection = TestDatabases.shared().connect();
                PreparedStatement delete = connection.prepareStatement(
                        "delete from hfj_res_tag where res_id = (select res_id from hfj_resource where res_type ="
                                + " 'Observation' and fhir_id = ?) and tag_id in (select tag_id from hfj_tag_def"
                                + " where tag_type = 2)")) {
            delete.setString(1, score.substring(score.indexOf('/') + 1));
            assertThat(delete.executeUpdate()).isEqualTo(2);
        }
        assertThat(labels(score)).as("before").doesNotContain("PSY");

        assertThat(carriedForward.carryForward()).isGreaterThanOrEqualTo(1);

        assertThat(labels(score)).contains("R", "PSY");
        String plain =
                Tokens.backend(origin(), TestClinic.BACKEND_PLAIN, TestClinic.BACKEND_PLAIN_KEY, "system/*.cruds");
        assertThat(send("GET", "/" + score + "/_history/1", plain, null).statusCode())
                .isEqualTo(403);
        assertThat(send(
                                "GET",
                                "/Observation?_id=" + score.substring(score.indexOf('/') + 1)
                                        + "&_security=http://terminology.hl7.org/CodeSystem/v3-ActCode%7CPSY",
                                token(),
                                null)
                        .body())
                .contains(score.substring(score.indexOf('/') + 1));
        assertThat(carriedForward.carryForward()).as("once is enough").isZero();
    }

    private java.util.List<String> labels(String score) {
        Observation first = client().read()
                .resource(Observation.class)
                .withIdAndVersion(score.substring(score.indexOf('/') + 1), "1")
                .execute();
        return first.getMeta().getSecurity().stream().map(Coding::getCode).toList();
    }
}
