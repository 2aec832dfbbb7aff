package org.ketaminefhir.server.security.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.scopes.SmartScopes;

class EverythingNarrowingTest {

    @ParameterizedTest(name = "{0} (patient context {1}) reads {2}: {3}")
    @CsvSource(textBlock = """
			user/Patient.rs user/Condition.rs,               false, Condition,   true
			user/Patient.rs user/Condition.rs,               false, Observation, false
			user/*.rs,                                       false, Observation, true
			user/*.cud,                                      false, Observation, false
			patient/*.rs,                                    true,  Encounter,   true
			patient/*.rs,                                    false, Encounter,   false
			system/Observation.r,                            false, Observation, true
			user/Observation.rs?category=vital-signs,        false, Observation, false
			patient/Patient.r user/MedicationRequest.rs,     true,  MedicationRequest, true
			patient/*.rs,                                    true,  Patient,     true
			patient/*.rs,                                    true,  Task,        false
			user/*.rs,                                       true,  Task,        true
			""")
    void readsOnlyTypesAnUnfilteredScopeGrants(String scopes, boolean patientContext, String type, boolean expected) {
        Caller caller = new Caller(
                "issuer",
                "subject",
                "app",
                "user",
                null,
                patientContext ? "p1" : null,
                SmartScopes.parse(List.of(scopes.split(" "))),
                false,
                false,
                "token",
                List.of());
        assertThat(EverythingNarrowing.mayRead(FhirContext.forR4Cached(), caller, type))
                .isEqualTo(expected);
    }
}
