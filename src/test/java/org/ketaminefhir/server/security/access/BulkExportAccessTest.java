package org.ketaminefhir.server.security.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ketaminefhir.server.security.Caller;
import org.ketaminefhir.server.security.scopes.SmartScopes;

class BulkExportAccessTest {

    private static final String FILES = BulkExportAccess.FILES_OF_CLIENT;
    private static final String SENSITIVE_FILES = BulkExportAccess.FILES_OF_CLIENT_WITH_SENSITIVE_DATA;

    @ParameterizedTest(name = "{0}, types {1} (asked: {2}) -> {3}")
    @CsvSource(delimiter = ';', textBlock = """
			system/*.rs;                                   Patient Observation; true;  Patient Observation
			system/*.rs;                                   Patient Observation; false; Patient Observation
			system/*.r;                                    Patient;             true;  Patient
			system/Patient.rs;                             Patient Observation; false; Patient
			system/Patient.rs;                             Patient Observation; true;  refused: Observation
			system/Patient.rs system/Observation.rs;       Patient Observation; true;  Patient Observation
			system/*.s;                                    Patient;             false; refused: backend-services
			system/*.cud;                                  Patient;             false; refused: backend-services
			user/*.rs;                                     Patient;             false; refused: backend-services
			patient/*.rs;                                  Patient;             false; refused: backend-services
			system/Observation.rs?category=vital-signs;    Observation;         false; refused: backend-services
			system/Patient.rs system/Observation.rs?category=vital-signs; Patient Observation; true; refused: Observation
			system/Patient.rs system/Observation.rs?category=vital-signs; Patient Observation; false; Patient
			system/Observation.rs;                         Patient Encounter;   false; refused: none of the resource types
			""")
    void exportsTheTypesAnUnfilteredSystemReadScopeGrants(String scopes, String types, boolean asked, String expected) {
        BulkExportAccess.Decision decision = BulkExportAccess.decide(
                SmartScopes.parse(List.of(scopes.split(" "))), List.of(types.split(" ")), asked);
        if (expected.startsWith("refused: ")) {
            assertThat(decision.refused()).isTrue();
            assertThat(decision.types()).isEmpty();
            assertThat(decision.refusal()).contains(expected.substring("refused: ".length()));
        } else {
            assertThat(decision.refused()).isFalse();
            assertThat(decision.types()).containsExactly(expected.split(" "));
        }
    }

    @ParameterizedTest(name = "{0} files of {1}, read by {2} (sensitive {3}): {4}")
    @CsvSource(textBlock = """
			FILES,           backend, backend, false, true
			FILES,           backend, backend, true,  true
			SENSITIVE_FILES, backend, backend, true,  true
			SENSITIVE_FILES, backend, backend, false, false
			FILES,           backend, other,   true,  false
			SENSITIVE_FILES, backend, other,   true,  false
			NOT_AN_EXPORT,   backend, backend, true,  false
			""")
    void filesAreReadByTheClientThatStartedTheExport(
            String system, String startedBy, String readBy, boolean sensitive, boolean expected) {
        String identifierSystem = switch (system) {
            case "FILES" -> FILES;
            case "SENSITIVE_FILES" -> SENSITIVE_FILES;
            default -> "urn:example:other";
        };
        String owner = BulkExportAccess.owner(caller(startedBy, true));
        assertThat(BulkExportAccess.mayRead(identifierSystem, owner, caller(readBy, sensitive)))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "types {0} (asked: {1}): refused {2}, exported {3}")
    @CsvSource(delimiter = ';', textBlock = """
			Patient AuditEvent;  true;  true;  Patient
			Patient AuditEvent;  false; false; Patient
			Patient Observation; true;  false; Patient Observation
			""")
    void theAuditTrailIsNotExported(String types, boolean asked, boolean refused, String exported) {
        List<String> given = List.of(types.split(" "));
        assertThat(BulkExportAccess.unexportable(given, asked) != null).isEqualTo(refused);
        assertThat(BulkExportAccess.exportable(given)).containsExactly(exported.split(" "));
    }

    @org.junit.jupiter.api.Test
    void aRefusalToReadAFileSaysWhy() {
        String owner = BulkExportAccess.owner(caller("backend", true));
        assertThat(BulkExportAccess.whyNotRead(SENSITIVE_FILES, owner, caller("other", true)))
                .contains("another client");
        assertThat(BulkExportAccess.whyNotRead(SENSITIVE_FILES, owner, caller("backend", false)))
                .contains("sensitive-data scope");
        assertThat(BulkExportAccess.whyNotRead(SENSITIVE_FILES, owner, caller("backend", true)))
                .isNull();
    }

    @ParameterizedTest(name = "the same client id from {0}: {1}")
    @CsvSource(textBlock = """
			https://issuer.example, true
			https://other-issuer.example, false
			""")
    void theClientIsNamedWithItsIssuer(String issuer, boolean expected) {
        Caller started = new Caller(
                "https://issuer.example",
                "backend",
                "backend",
                null,
                null,
                null,
                SmartScopes.parse(List.of("system/*.rs")),
                false,
                true,
                null,
                List.of());
        Caller reading = new Caller(
                issuer,
                "backend",
                "backend",
                null,
                null,
                null,
                SmartScopes.parse(List.of("system/*.rs")),
                false,
                true,
                null,
                List.of());
        assertThat(BulkExportAccess.mayRead(FILES, BulkExportAccess.owner(started), reading))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "files of a token with sensitive scope {0} leave out labelled data: {1}")
    @CsvSource(textBlock = """
			true,  false
			false, true
			""")
    void anExportWithoutTheSensitiveDataScopeLeavesOutLabelledData(boolean sensitive, boolean leavesOut) {
        assertThat(BulkExportAccess.leavesOutLabelledData(BulkExportAccess.filesSystem(caller("backend", sensitive))))
                .isEqualTo(leavesOut);
        assertThat(BulkExportAccess.leavesOutLabelledData(null))
                .as("an export the server started")
                .isFalse();
    }

    private static Caller caller(String clientId, boolean sensitive) {
        return new Caller(
                "https://issuer.example",
                clientId,
                clientId,
                null,
                null,
                null,
                SmartScopes.parse(List.of("system/*.rs")),
                sensitive,
                true,
                null,
                List.of());
    }
}
