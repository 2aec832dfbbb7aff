package org.ketaminefhir.server.security.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.security.scopes.SmartScope.Context;
import org.ketaminefhir.server.security.scopes.SmartScopes;

/** What each operation needs of a token's scopes (no server). */
class OperationAccessTest {

    @ParameterizedTest(name = "{0} with [{1}] in {2}: {3}")
    @CsvSource({
        "$ketamine-progress,    patient/*.rs,                                             PATIENT, true",
        "$ketamine-progress,    patient/*.cruds,                                          PATIENT, true",
        "$ketamine-progress,    patient/*.rs,                                             USER,    false",
        "$ketamine-progress,    patient/Patient.rs patient/Observation.rs,                PATIENT, false",
        "$ketamine-progress,    'patient/*.rs?category=vital-signs',                      PATIENT, false",
        "$ketamine-progress,    user/*.read,                                              USER,    true",
        "$ketamine-eligibility, user/*.rs,                                                USER,    false",
        "$ketamine-eligibility, user/*.rs user/Observation.u,                             USER,    true",
        "$ketamine-plan,        user/*.rs user/CarePlan.c,                                USER,    true",
        "$ketamine-plan,        user/*.rs,                                                USER,    false",
        "$rems-summary,         system/*.rs,                                              SYSTEM,  true",
        "$rems-summary,         system/MedicationAdministration.r system/Observation.r,  SYSTEM,  false",
        "$ketamine-progress,    user/Patient.rs user/Observation.rs user/MedicationAdministration.rs user/CarePlan.rs user/DetectedIssue.rs, USER, false",
        "$ketamine-due-questionnaires, patient/*.rs,                                      PATIENT, true",
        "$ketamine-due-questionnaires, user/Patient.r user/Task.r,                        USER,    true",
        "$ketamine-due-questionnaires, user/Patient.r,                                    USER,    false",
        "$rems-summary,         system/MedicationAdministration.r system/Observation.r system/Patient.r, SYSTEM, false",
        "$populate,             system/*.rs,                                              SYSTEM,  true",
        "$populate,             user/*.rs,                                                USER,    true",
        "$populate,             user/Patient.rs user/Observation.rs user/MedicationAdministration.rs user/DetectedIssue.rs, USER, false",
        "$populate,             user/Questionnaire.rs user/Patient.rs user/Observation.rs user/MedicationAdministration.rs user/DetectedIssue.rs, USER, true",
        "$everything,           patient/Patient.r,                                        PATIENT, true",
        "$everything,           patient/Patient.s,                                        PATIENT, false",
    })
    void anOperationNeedsUnfilteredScopesForEverythingItReads(
            String name, String scopes, Context context, boolean permitted) {
        OperationAccess.Operation operation = OperationAccess.named(name).orElseThrow();

        assertThat(OperationAccess.permits(operation, SmartScopes.parse(List.of(scopes.split(" "))), context))
                .isEqualTo(permitted);
    }

    @ParameterizedTest(name = "{0} reads mental-health data: {1}")
    @CsvSource({
        "$ketamine-progress, true",
        "$ketamine-eligibility, true",
        "$ketamine-plan, true",
        "$rems-summary, true",
        "$populate, true",
        "$ketamine-due-questionnaires, true",
        "$everything, false"
    })
    void theClinicalOperationsNeedTheSensitiveScope(String name, boolean sensitive) {
        assertThat(OperationAccess.named(name).orElseThrow().sensitive()).isEqualTo(sensitive);
    }
}
