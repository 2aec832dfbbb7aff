package org.ketaminefhir.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a request aims at, read from its method, path and query alone (for requests refused before HAPI). */
class RequestTargetTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET,    /metadata,                       capabilities,     ,            ",
        "GET,    /Patient/123,                    read,             Patient,     123",
        "GET,    /Patient/123/_history/2,         vread,            Patient,     123",
        "GET,    /Patient/123/_history,           history-instance, Patient,     123",
        "GET,    /Observation/_history,           history-type,     Observation, ",
        "GET,    /_history,                       history-system,   ,            ",
        "GET,    /Observation,                    search-type,      Observation, ",
        "POST,   /Observation/_search,            search-type,      Observation, ",
        "GET,    '',                              search-system,    ,            ",
        "POST,   /Observation,                    create,           Observation, ",
        "PUT,    /Observation/9,                  update,           Observation, 9",
        "PATCH,  /Observation/9,                  patch,            Observation, 9",
        "DELETE, /Observation/9,                  delete,           Observation, 9",
        "POST,   '',                              transaction,      ,            ",
        "GET,    /Patient/123/$everything,        operation,        Patient,     123",
        "POST,   /Patient/123/$ketamine-progress, operation,        Patient,     123",
    })
    void theInteractionFollowsFromMethodAndPath(
            String method, String path, String interaction, String type, String id) {
        RequestTarget target = RequestTarget.of(method, path == null ? "" : path, Map.of());

        assertThat(target.interaction()).isEqualTo(interaction);
        assertThat(target.resourceType()).isEqualTo(type);
        assertThat(target.id()).isEqualTo(id);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "patient,         123,                 Patient/123",
        "patient,         Patient/123,         Patient/123",
        "subject,         Patient/123,         Patient/123",
        "subject:Patient, 123,                 Patient/123",
        "patient,         http://x/fhir/Patient/123, Patient/123",
    })
    void thePatientsARequestNamesAreFound(String parameter, String value, String patient) {
        RequestTarget target = RequestTarget.of("GET", "/Observation", Map.of(parameter, new String[] {value}));

        assertThat(target.patients()).containsExactly(patient);
    }

    @ParameterizedTest(name = "{0}={1} names no patient")
    @CsvSource({
        "subject, Group/1",
        "subject, 123",
        "code,    Patient/123",
        "patient, a b",
    })
    void otherValuesNameNoPatient(String parameter, String value) {
        assertThat(RequestTarget.of("GET", "/Observation", Map.of(parameter, new String[] {value}))
                        .patients())
                .isEmpty();
    }

    @org.junit.jupiter.api.Test
    void aPatientPathAndOrListsAreAllFound() {
        RequestTarget target =
                RequestTarget.of("GET", "/Patient/7/$everything", Map.of("patient", new String[] {"8,Patient/9"}));

        assertThat(target.patients()).isEqualTo(List.of("Patient/7", "Patient/8", "Patient/9"));
    }
}
